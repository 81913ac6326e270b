package dev.tabby.bench.rr;

/**
 * What one reflector did in the run; the fields after {@code problem} are null where it failed
 * before reaching them.
 *
 * @param load the machine's load averages when its run began ({@code /proc/loadavg})
 * @param establishSeconds from the simulator's start to every session Established
 * @param idleBytes RSS with every session up, before any route
 * @param convergedBytes RSS when every client had every prefix
 * @param steadyBytes RSS once the reflector was quiet again after the announcements
 * @param peakBytes the largest RSS of its life (VmHWM), start-up included
 */
record ReflectorRun(
    String name,
    String load,
    String problem,
    Double establishSeconds,
    Long idleBytes,
    PhaseResult announce,
    Long convergedBytes,
    Long steadyBytes,
    PhaseResult withdraw,
    Long peakBytes) {

  static ReflectorRun failed(String name, String load, String problem) {
    return new ReflectorRun(name, load, problem, null, null, null, null, null, null, null);
  }
}
