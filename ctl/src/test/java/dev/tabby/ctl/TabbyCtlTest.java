package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TabbyCtlTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return TabbyCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString())
        .containsPattern("node +Show this node's state")
        .containsPattern("get +List IP pools")
        .contains("Exit codes:")
        .containsPattern("2 +Usage error")
        .containsPattern("3 +The endpoint or API server cannot be reached");
  }

  @Test
  void completionIsABashScriptForEveryCommand() {
    assertThat(run("generate-completion")).isZero();

    assertThat(out.toString())
        .contains("complete -F _complete_tabbyctl")
        .contains("status")
        .contains("routes")
        .contains("ippools");
  }

  @Test
  void helpAndCompletionKnowTheIpamAndResourceCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .containsPattern("ipam +Show, check and release pod addresses")
        .containsPattern("apply +Create or update IPPools")
        .containsPattern("delete +Delete IPPools");

    assertThat(run("generate-completion")).isZero();
    assertThat(out.toString())
        .contains("--show-borrowed")
        .contains("--service-cluster-ip-range")
        .contains("bgpfilters");
  }

  @Test
  void anUnknownCommandIsOneLineAndExitCodeTwo() {
    assertThat(run("shwo")).isEqualTo(2);

    assertThat(err.toString())
        .isEqualTo("tabbyctl: Unmatched argument at index 0: 'shwo' (see: tabbyctl --help)\n");
  }

  @Test
  void aGroupWithoutItsSubcommandIsAUsageError() {
    assertThat(run("node")).isEqualTo(2);

    assertThat(err.toString())
        .isEqualTo("tabbyctl: Missing required subcommand (see: tabbyctl node --help)\n");
  }
}
