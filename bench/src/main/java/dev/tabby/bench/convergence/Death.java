package dev.tabby.bench.convergence;

import dev.tabby.system.ClusterLab;
import dev.tabby.system.LabNode;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Duration;
import java.time.Instant;

/** The ways an agent's node leaves the cluster, each timed from the moment it begins. */
enum Death {
  /**
   * The agent process killed. Its namespace's kernel lives on and closes the agent's TCP
   * connections, so the peers see the sessions end at once.
   */
  SIGKILL("SIGKILL of the agent") {
    @Override
    Instant inflict(ClusterLab lab, LabNode node) {
      Instant start = Instant.now();
      kill(lab.agent(node));
      return start;
    }
  },
  /** The agent stopped cleanly (SIGTERM: a Cease to every peer), then its Node deleted. */
  STOP_AND_DELETE("SIGTERM, then the Node deleted") {
    @Override
    Instant inflict(ClusterLab lab, LabNode node) {
      Instant start = Instant.now();
      lab.agent(node).stop();
      deleteNode(lab, node);
      return start;
    }
  },
  /**
   * The node gone as a machine that loses power: its fabric link cut, then its agent killed, so no
   * FIN or Cease reaches anyone. Without BFD the peers' hold timers decide.
   */
  NODE_LOST("link cut + SIGKILL (node lost)") {
    @Override
    Instant inflict(ClusterLab lab, LabNode node) {
      Instant start = Instant.now();
      node.host().ip("link", "set", "eth0", "down");
      kill(lab.agent(node));
      return start;
    }
  };

  private final String label;

  Death(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** Makes the node leave; returns when it began. */
  abstract Instant inflict(ClusterLab lab, LabNode node);

  /** Removes what is left of the node from the cluster once it has been timed. */
  void cleanUp(ClusterLab lab, LabNode node) {
    if (this != STOP_AND_DELETE) {
      deleteNode(lab, node);
    }
  }

  private static void kill(HostProcess agent) {
    ProcessHandle.of(agent.pid()).ifPresent(ProcessHandle::destroyForcibly);
    Wait.until(agent.name() + " gone", Duration.ofSeconds(10), () -> !agent.isAlive());
  }

  private static void deleteNode(ClusterLab lab, LabNode node) {
    lab.api()
        .delete(new NodeBuilder().withNewMetadata().withName(node.name()).endMetadata().build());
  }
}
