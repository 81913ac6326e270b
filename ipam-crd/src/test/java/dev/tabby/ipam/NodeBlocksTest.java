package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodeBlocksTest {
  private static final long WAIT_SECONDS = 10;

  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();
  IpamFixture fx;
  IpamAllocator ipam;

  /** Every event a listener hears, as "claimed 10.244.0.0/28" or "released ...". */
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  private final BlockListener recorder =
      new BlockListener() {
        @Override
        public void claimed(IpPrefix block) {
          events.add("claimed " + block);
        }

        @Override
        public void released(IpPrefix block) {
          events.add("released " + block);
        }
      };

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    ipam = fx.allocator();
    fx.pool("main", "10.244.0.0/24", 28);
    fx.node("n1");
    fx.node("n2");
  }

  private Assignment assign(String handle, String node) {
    return ipam.assign(AssignRequest.ipv4(handle, node, "default", handle)).get(0);
  }

  private String nextEvent() throws InterruptedException {
    String event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(event).as("a block event within %d s", WAIT_SECONDS).isNotNull();
    return event;
  }

  @Test
  void aNewListenerHearsTheBlocksHeldAlreadyThenEachClaimAndRelease() throws Exception {
    IpPrefix first = assign("h0", "n1").block();
    assign("on-n2", "n2");
    try (NodeBlocks blocks = new NodeBlocks(client, "n1")) {
      assertThat(blocks.current()).containsExactly(first);
      blocks.addListener(recorder);
      assertThat(nextEvent()).isEqualTo("claimed " + first);

      IpPrefix second = null;
      for (int i = 1; i <= 16; i++) { // the first /28 holds 16; the 17th claims another
        second = assign("h" + i, "n1").block();
      }
      assertThat(second).isNotEqualTo(first);
      assertThat(nextEvent()).isEqualTo("claimed " + second);
      assertThat(blocks.current()).containsExactly(first, second);

      for (int i = 1; i <= 16; i++) {
        ipam.releaseByHandle("h" + i);
      }
      ipam.releaseByHandle("h0");
      // Empty blocks go back once the collector has seen them empty for the grace period (0 here).
      new IpamGarbageCollector(
              fx.datastore,
              fx.cluster,
              ipam,
              new BlockReleaser(fx.datastore, IpamFixture.quickRetry()),
              new MutableClock(),
              Duration.ZERO)
          .runOnce();
      assertThat(List.of(nextEvent(), nextEvent()))
          .containsExactlyInAnyOrder("released " + first, "released " + second);
      assertThat(blocks.current()).isEmpty();
      assertThat(events).as("no event for node n2's block").isEmpty();
    }
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() throws Exception {
    try (NodeBlocks blocks = new NodeBlocks(client, "n1")) {
      blocks.addListener(
          new BlockListener() {
            @Override
            public void claimed(IpPrefix block) {
              throw new IllegalStateException("listener bug");
            }

            @Override
            public void released(IpPrefix block) {}
          });
      blocks.addListener(recorder);
      IpPrefix block = assign("h0", "n1").block();
      assertThat(nextEvent()).isEqualTo("claimed " + block);
      blocks.removeListener(recorder);
      fx.deleteNode("n1");
      ipam.releaseNode("n1");
      assertThat(events.poll(200, TimeUnit.MILLISECONDS))
          .as("removed listener hears nothing")
          .isNull();
      assertThat(blocks.current()).isEmpty();
    }
  }
}
