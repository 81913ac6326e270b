package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler after a graceful restart: our routes left in the kernel stay, as stale, until they
 * are released, and only those no source wants then go. Against a routing table in memory.
 */
class RouteReconcilerStaleTest {
  private static final int PROTO = RouteReconciler.DEFAULT_PROTOCOL;
  private static final IpAddress GW = IpAddress.parse("192.0.2.2");
  private static final IpAddress OTHER_GW = IpAddress.parse("192.0.2.3");

  private final FakeKernel kernel = new FakeKernel();
  private final RouteReconciler reconciler =
      new RouteReconciler(
          kernel,
          new RouteReconciler.Config(
              PROTO,
              Duration.ofHours(1),
              Duration.ofMillis(1),
              Duration.ofHours(1),
              Duration.ofHours(1)));

  @AfterEach
  void close() {
    reconciler.close();
  }

  private static Route via(String prefix, IpAddress gateway) {
    return Route.via(IpPrefix.parse(prefix), gateway).withProtocol(PROTO);
  }

  @Test
  void keptRoutesSurviveTheFirstConvergeAndTheResyncs() throws Exception {
    kernel.put(via("10.200.0.0/24", GW));
    kernel.put(via("10.201.0.0/24", GW));

    int kept = reconciler.keepKernelRoutesAsStale();
    ConvergeReport first = reconciler.source("bgp").upsert(via("10.1.0.0/24", GW)).get();
    ConvergeReport resync = reconciler.converge();

    assertThat(kept).isEqualTo(2);
    assertThat(first.removed()).isZero();
    assertThat(resync.removed()).isZero();
    assertThat(kernel.routesOf(PROTO))
        .containsExactlyInAnyOrder(
            via("10.200.0.0/24", GW), via("10.201.0.0/24", GW), via("10.1.0.0/24", GW));
  }

  @Test
  void aSourceTakesOverAStaleKeyAndReleaseDeletesOnlyWhatNoSourceWants() throws Exception {
    kernel.put(via("10.200.0.0/24", GW));
    kernel.put(via("10.201.0.0/24", GW));
    kernel.put(via("10.202.0.0/24", GW));
    reconciler.keepKernelRoutesAsStale();
    RouteSource bgp = reconciler.source("bgp");

    ConvergeReport same = bgp.upsert(via("10.200.0.0/24", GW)).get();
    ConvergeReport moved = bgp.upsert(via("10.201.0.0/24", OTHER_GW)).get();
    ConvergeReport released = reconciler.releaseStale().get();

    assertThat(same.added() + same.updated() + same.removed())
        .as("learned again as it was: the kernel is not touched")
        .isZero();
    assertThat(moved.updated()).isEqualTo(1);
    assertThat(released.removed()).isEqualTo(1);
    assertThat(kernel.routesOf(PROTO))
        .containsExactlyInAnyOrder(via("10.200.0.0/24", GW), via("10.201.0.0/24", OTHER_GW));
  }

  @Test
  void aLearnedRouteWithdrawnBeforeReleaseFallsBackToTheStaleOne() throws Exception {
    kernel.put(via("10.200.0.0/24", GW));
    reconciler.keepKernelRoutesAsStale();
    RouteSource bgp = reconciler.source("bgp");
    bgp.upsert(via("10.200.0.0/24", OTHER_GW)).get();

    bgp.remove(via("10.200.0.0/24", OTHER_GW).key()).get();

    assertThat(kernel.routesOf(PROTO)).containsExactly(via("10.200.0.0/24", GW));
    reconciler.releaseStale().get();
    assertThat(kernel.routesOf(PROTO)).isEmpty();
  }
}
