package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void theGracefulRestartTimesAreSecondsWithDefaults() {
    AgentConfig defaults = AgentConfig.fromEnvironment(Map.of("NODE_NAME", "node1"));
    assertThat(defaults.gracefulRestartTime()).hasSeconds(120);
    assertThat(defaults.gracefulRestartPeerWait()).isEqualTo(InitialTables.DEFAULT_PEER_WAIT);

    AgentConfig set =
        AgentConfig.fromEnvironment(
            Map.of(
                "NODE_NAME",
                "node1",
                "TABBY_GRACEFUL_RESTART_TIME",
                "60",
                "TABBY_GRACEFUL_RESTART_PEER_WAIT",
                "5"));
    assertThat(set.gracefulRestartTime()).hasSeconds(60);
    assertThat(set.gracefulRestartPeerWait()).hasSeconds(5);

    assertThatThrownBy(
            () ->
                AgentConfig.fromEnvironment(
                    Map.of("NODE_NAME", "node1", "TABBY_GRACEFUL_RESTART_PEER_WAIT", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("TABBY_GRACEFUL_RESTART_PEER_WAIT=-1 is not a time in seconds (0..4095)");
  }
}
