package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnoseReportTest {

  private static final List<CheckOutcome> MIXED =
      List.of(
          CheckOutcome.ok("nodes-ready", "3 nodes Ready"),
          CheckOutcome.failed(
              "cni-config", "no CNI config in /etc/cni/net.d", "check tabby-node's log"),
          CheckOutcome.skipped("firewall", "nft: skipped, not installed"));

  @Test
  void theTableHasARowPerCheckThenTheFixesOfTheFailedOnesAndAVerdict() {
    String table = new DiagnoseReport(MIXED).table();

    assertThat(table)
        .containsPattern("CHECK +RESULT +DETAIL\n")
        .containsPattern("nodes-ready +OK +3 nodes Ready\n")
        .containsPattern("cni-config +FAILED +no CNI config in /etc/cni/net.d\n")
        .containsPattern("firewall +SKIPPED +nft: skipped, not installed\n")
        .contains("\nHow to fix:\n  cni-config: check tabby-node's log\n")
        .endsWith("\n1 of 3 checks failed\n")
        .doesNotContain("nodes-ready: ");
    assertThat(new DiagnoseReport(MIXED).anyFailed()).isTrue();
  }

  @Test
  void allPassedSaysSo() {
    DiagnoseReport report = new DiagnoseReport(List.of(MIXED.get(0), MIXED.get(2)));

    assertThat(report.table()).endsWith("\nAll 2 checks passed\n").doesNotContain("How to fix");
    assertThat(report.anyFailed()).isFalse();
  }

  @Test
  void theDocumentGivesEachResultAndOnlyTheFailedOnesAFix() {
    String document = new DiagnoseReport(MIXED).document().toString();

    assertThat(document)
        .startsWith("{\"ok\":false,\"checks\":[")
        .contains(
            "{\"check\":\"nodes-ready\",\"result\":\"ok\",\"detail\":\"3 nodes Ready\"}",
            "{\"check\":\"cni-config\",\"result\":\"failed\",\"detail\":\"no CNI config in"
                + " /etc/cni/net.d\",\"fix\":\"check tabby-node's log\"}",
            "{\"check\":\"firewall\",\"result\":\"skipped\"");
  }
}
