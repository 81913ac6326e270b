package dev.tabby.ctl;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the checks in order, each on its own: one that cannot read its input fails with the reason,
 * and the others still run.
 */
final class DiagnoseRunner {

  private final List<DiagnosticCheck> checks;

  DiagnoseRunner(List<DiagnosticCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  List<CheckOutcome> run() {
    List<CheckOutcome> outcomes = new ArrayList<>();
    for (DiagnosticCheck check : checks) {
      outcomes.add(runOne(check));
    }
    return outcomes;
  }

  private static CheckOutcome runOne(DiagnosticCheck check) {
    try {
      return check.run();
    } catch (CtlException e) {
      return CheckOutcome.failed(
          check.name(),
          e.getMessage(),
          "make it readable (see the detail), then run diagnose again");
    } catch (RuntimeException e) {
      // A bug of ours must not hide the other checks' findings.
      return CheckOutcome.failed(
          check.name(), "the check itself failed: " + e, "report this as a tabbyctl bug");
    }
  }
}
