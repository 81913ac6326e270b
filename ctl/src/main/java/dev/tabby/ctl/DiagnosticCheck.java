package dev.tabby.ctl;

/** One step of the troubleshooting checklist {@code tabbyctl diagnose} walks. */
interface DiagnosticCheck {

  /** The check's name as diagnose prints it, e.g. {@code bgp-sessions}. */
  String name();

  /**
   * Looks and says what it found. May throw {@link CtlException} when what it reads cannot be read;
   * the runner reports that as the check's failure.
   */
  CheckOutcome run();
}
