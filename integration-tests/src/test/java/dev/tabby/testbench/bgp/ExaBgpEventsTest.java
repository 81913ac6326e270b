package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExaBgpEventsTest {

  private static final String PEER =
      "\"neighbor\": { \"address\": { \"local\": \"10.0.2.4\", \"peer\": \"10.0.2.1\" }, ";

  @Test
  void replaysSessionsRoutesAndAcknowledgements() {
    String log =
        String.join(
            "\n",
            "{ \"type\": \"state\", " + PEER + "\"state\": \"up\" } }",
            "done",
            "exabgp 4.2.21",
            "{ \"type\": \"update\", "
                + PEER
                + "\"direction\": \"receive\", \"message\": { \"update\": { \"attribute\": {"
                + " \"origin\": \"igp\", \"as-path\": [ 65001, 65002 ], \"med\": 5,"
                + " \"local-preference\": 200, \"community\": [ [ 65001, 7 ] ] },"
                + " \"announce\": { \"ipv4 unicast\": { \"10.0.2.1\": [ { \"nlri\": \"10.1.0.0/24\" },"
                + " { \"nlri\": \"10.2.0.0/24\" } ] } } } } } }",
            "{ \"type\": \"update\", "
                + PEER
                + "\"direction\": \"receive\", \"message\": { \"update\": { \"withdraw\": {"
                + " \"ipv4 unicast\": [ { \"nlri\": \"10.2.0.0/24\" } ] } } } } }",
            "error");

    ExaBgpEvents events = ExaBgpEvents.replay(log);

    assertThat(events.states()).isEqualTo(Map.of("10.0.2.1", "up"));
    assertThat(events.routes())
        .containsExactly(
            new LearnedRoute(
                "10.1.0.0/24",
                "10.0.2.1",
                List.of("10.0.2.1"),
                List.of(65001L, 65002L),
                List.of("65001:7"),
                200L,
                5L,
                true));
    assertThat(events.acknowledgements()).containsExactly("done", "error");
  }

  @Test
  void aSessionGoingDownForgetsItsRoutes() {
    String log =
        String.join(
            "\n",
            "{ \"type\": \"update\", "
                + PEER
                + "\"message\": { \"update\": { \"announce\": { \"ipv4 unicast\": {"
                + " \"10.0.2.1\": [ { \"nlri\": \"10.1.0.0/24\" } ] } } } } } }",
            "{ \"type\": \"state\", "
                + PEER
                + "\"state\": \"down\", \"reason\": \"peer reset\" } }");

    ExaBgpEvents events = ExaBgpEvents.replay(log);

    assertThat(events.routes()).isEmpty();
    assertThat(events.states()).containsEntry("10.0.2.1", "down");
  }
}
