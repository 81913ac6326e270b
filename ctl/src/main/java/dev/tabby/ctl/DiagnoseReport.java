package dev.tabby.ctl;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The checks' outcomes as diagnose prints them: a table with the fixes, or a document. */
final class DiagnoseReport {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<CheckOutcome> outcomes;

  DiagnoseReport(List<CheckOutcome> outcomes) {
    this.outcomes = List.copyOf(outcomes);
  }

  boolean anyFailed() {
    return outcomes.stream().anyMatch(CheckOutcome::isFailed);
  }

  /** One row per check; then each failed check's fix; then a one-line verdict. */
  String table() {
    Table table = new Table("CHECK", "RESULT", "DETAIL");
    for (CheckOutcome outcome : outcomes) {
      table.row(outcome.check(), outcome.result(), outcome.detail());
    }
    StringBuilder text = new StringBuilder(table.render());
    long failed = outcomes.stream().filter(CheckOutcome::isFailed).count();
    if (failed > 0) {
      text.append("\nHow to fix:\n");
      for (CheckOutcome outcome : outcomes) {
        if (outcome.isFailed()) {
          text.append("  ").append(outcome.check()).append(": ").append(outcome.fix()).append('\n');
        }
      }
      text.append('\n').append(failed).append(" of ").append(outcomes.size());
      text.append(" checks failed\n");
    } else {
      text.append("\nAll ").append(outcomes.size()).append(" checks passed\n");
    }
    return text.toString();
  }

  /** {@code {"ok": bool, "checks": [{"check", "result", "detail", "fix"}]}} for -o json|yaml. */
  JsonNode document() {
    ObjectNode root = JSON.createObjectNode();
    root.put("ok", !anyFailed());
    ArrayNode checks = root.putArray("checks");
    for (CheckOutcome outcome : outcomes) {
      ObjectNode check = checks.addObject();
      check.put("check", outcome.check());
      check.put("result", outcome.result().name().toLowerCase(Locale.ROOT));
      check.put("detail", outcome.detail());
      if (outcome.isFailed()) {
        check.put("fix", outcome.fix());
      }
    }
    return root;
  }
}
