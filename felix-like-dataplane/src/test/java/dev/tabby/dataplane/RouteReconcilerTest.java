package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconciler's diff, retry and repair logic against a routing table in memory. */
class RouteReconcilerTest {
  private static final int PROTO = RouteReconciler.DEFAULT_PROTOCOL;
  private static final int RTPROT_STATIC = 4;
  private static final IpAddress GW = IpAddress.parse("192.0.2.2");
  private static final IpAddress OTHER_GW = IpAddress.parse("192.0.2.3");
  private static final Duration WAIT = Duration.ofSeconds(10);
  // Long enough that no backoff timer fires during a test: only events retry.
  private static final Duration NO_TIMED_RETRY = Duration.ofHours(1);

  private final FakeKernel kernel = new FakeKernel();
  private RouteReconciler reconciler = reconciler(NO_TIMED_RETRY);

  private RouteReconciler reconciler(Duration retryInitial) {
    return new RouteReconciler(
        kernel,
        new RouteReconciler.Config(
            PROTO, Duration.ofHours(1), Duration.ofMillis(1), retryInitial, Duration.ofHours(1)));
  }

  @AfterEach
  void close() {
    reconciler.close();
  }

  private static Route via(String prefix, IpAddress gateway) {
    return Route.via(IpPrefix.parse(prefix), gateway).withProtocol(PROTO);
  }

  private static List<Route> routes(int count) {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      routes.add(via("10." + (i / 256) + "." + (i % 256) + ".0/24", GW));
    }
    return routes;
  }

  private static Link link(boolean up) {
    return new Link(2, "eth0", up, up, 1500, "", "");
  }

  @Test
  void aSourceChangeWritesOnlyItsKeysAndDumpsNothing() throws Exception {
    reconciler.setDesired(routes(1_000)).get();
    int dumpsAfterFirstConverge = kernel.dumps();
    RouteSource bgp = reconciler.source("bgp");

    ConvergeReport added = bgp.upsert(via("172.16.0.0/16", GW)).get();
    ConvergeReport changed = bgp.upsert(via("172.16.0.0/16", OTHER_GW)).get();
    ConvergeReport removed = bgp.remove(via("172.16.0.0/16", GW).key()).get();

    assertThat(added.added()).isEqualTo(1);
    assertThat(changed.updated()).isEqualTo(1);
    assertThat(removed.removed()).isEqualTo(1);
    assertThat(kernel.routesOf(PROTO)).hasSize(1_000);
    assertThat(kernel.dumps()).isEqualTo(dumpsAfterFirstConverge);
  }

  @Test
  void theFirstConvergeRemovesRoutesOfOursLeftByAnEarlierRun() throws Exception {
    kernel.put(via("10.200.0.0/24", GW));

    ConvergeReport report = reconciler.source("bgp").upsert(via("10.1.0.0/24", GW)).get();

    assertThat(report.removed()).isEqualTo(1);
    assertThat(kernel.routesOf(PROTO)).containsExactly(via("10.1.0.0/24", GW));
  }

  @Test
  void changesArrivingDuringAConvergeAreWrittenTogetherByTheNext() throws Exception {
    RouteSource bgp = reconciler.source("bgp");
    bgp.upsert(via("10.0.0.0/24", GW)).get();
    CountDownLatch writing = kernel.closeGate();
    CompletableFuture<ConvergeReport> first = bgp.upsert(via("10.0.1.0/24", GW));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    int batchesBefore = kernel.batches();

    List<CompletableFuture<ConvergeReport>> gathered = new ArrayList<>();
    for (int i = 2; i < 102; i++) {
      gathered.add(bgp.upsert(via("10.0." + i + ".0/24", GW)));
    }
    kernel.openGate();

    assertThat(first.get().added()).isEqualTo(1);
    ConvergeReport together = gathered.get(0).get();
    assertThat(together.added()).isEqualTo(100);
    for (CompletableFuture<ConvergeReport> each : gathered) {
      assertThat(each.get()).isSameAs(together);
    }
    // The held batch, then one batch of additions for the hundred.
    assertThat(kernel.batches() - batchesBefore).isEqualTo(2);
    assertThat(kernel.routesOf(PROTO)).hasSize(102);
  }

  @Test
  void theSourceWithTheLowerPrecedenceWinsAKeyAndTheOtherTakesOverWhenItLeaves() throws Exception {
    RouteSource bgp = reconciler.source("bgp", 200);
    RouteSource pods = reconciler.source("pods", 10);
    Route fromBgp = via("10.5.0.0/24", GW);
    Route fromPods = Route.device(IpPrefix.parse("10.5.0.0/24"), 7).withProtocol(PROTO);

    bgp.upsert(fromBgp).get();
    pods.upsert(fromPods).get();
    assertThat(kernel.get(fromBgp.key())).isEqualTo(fromPods);

    bgp.upsert(via("10.5.0.0/24", OTHER_GW)).get();
    assertThat(kernel.get(fromBgp.key())).isEqualTo(fromPods);

    pods.remove(fromPods.key()).get();
    assertThat(kernel.get(fromBgp.key())).isEqualTo(via("10.5.0.0/24", OTHER_GW));

    bgp.replaceAll(List.of()).get();
    assertThat(kernel.get(fromBgp.key())).isNull();
  }

  @Test
  void betweenEqualPrecedencesTheSourceCreatedFirstWins() throws Exception {
    RouteSource first = reconciler.source("first");
    RouteSource second = reconciler.source("second");
    second.upsert(via("10.6.0.0/24", OTHER_GW)).get();
    first.upsert(via("10.6.0.0/24", GW)).get();

    assertThat(kernel.get(via("10.6.0.0/24", GW).key())).isEqualTo(via("10.6.0.0/24", GW));
    assertThat(reconciler.source("first")).isSameAs(first);
    assertThatThrownBy(() -> reconciler.source("first", 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route source 'first'");
  }

  @Test
  void twoRoutesWithOneKeyInOneCallAreRefusedAndChangeNothing() throws Exception {
    RouteSource bgp = reconciler.source("bgp");
    bgp.upsert(via("10.7.0.0/24", GW)).get();

    assertThatThrownBy(
            () -> bgp.replaceAll(List.of(via("10.8.0.0/24", GW), via("10.8.0.0/24", OTHER_GW))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share destination, table and metric");
    assertThat(bgp.routes()).containsOnlyKeys(via("10.7.0.0/24", GW).key());
  }

  @Test
  void aRefusedRouteIsTriedAgainAtOnceWhenItsLinkComesUp() throws Exception {
    reconciler.setDesired(List.of()).get();
    reconciler.linkChanged(link(true), false);
    kernel.gatewayDown(GW);
    Route route = via("10.9.0.0/24", GW);

    ConvergeReport refused = reconciler.source("bgp").upsert(route).get();
    assertThat(refused.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.error().getMessage()).contains("ENETUNREACH"));
    assertThat(reconciler.metrics().routesAwaitingRetry()).isEqualTo(1);

    kernel.gatewayUp(GW);
    reconciler.linkChanged(link(false), false);
    reconciler.linkChanged(link(true), false);

    Wait.until(
        "the refused route to be written after link-up",
        WAIT,
        () -> kernel.get(route.key()) != null);
    Wait.until(
        "no route awaiting retry", WAIT, () -> reconciler.metrics().routesAwaitingRetry() == 0);
  }

  @Test
  void aLinkComingUpWhileARefusedWriteIsAnsweredStillRetriesThatRouteAtOnce() throws Exception {
    reconciler.setDesired(List.of()).get();
    reconciler.linkChanged(link(false), false);
    kernel.gatewayDown(GW);
    Route route = via("10.9.0.0/24", GW);
    CountDownLatch answering = kernel.closeGateAfterWriting();
    CompletableFuture<ConvergeReport> write = reconciler.source("bgp").upsert(route);
    assertThat(answering.await(10, TimeUnit.SECONDS)).isTrue();

    // The kernel has refused the route; the link comes up before the reconciler hears the answer.
    kernel.gatewayUp(GW);
    reconciler.linkChanged(link(true), false);
    kernel.openGate();

    assertThat(write.get().failures()).hasSize(1);
    Wait.until(
        "the route refused just before link-up to be written without its hour of backoff",
        WAIT,
        () -> kernel.get(route.key()) != null);
  }

  @Test
  void aRefusedRouteIsTriedAgainWithBackoffWithoutAnyEvent() throws Exception {
    reconciler.close();
    reconciler = reconciler(Duration.ofMillis(5));
    reconciler.setDesired(List.of()).get();
    kernel.gatewayDown(GW);
    Route route = via("10.9.0.0/24", GW);
    reconciler.source("bgp").upsert(route).get();

    Wait.until("three refusals", WAIT, () -> kernel.refusals() >= 3);
    kernel.gatewayUp(GW);

    Wait.until("the route written by a retry", WAIT, () -> kernel.get(route.key()) != null);
    assertThat(reconciler.metrics().netlinkErrors()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void routesTheKernelDropsSilentlyWhenALinkGoesDownAreRepairedWhenItComesBack() throws Exception {
    List<Route> desired = routes(300);
    reconciler.setDesired(desired).get();
    reconciler.linkChanged(link(true), false);
    long resyncsBefore = reconciler.metrics().resyncs();

    kernel.gatewayDown(GW);
    reconciler.linkChanged(link(false), false);
    Wait.until(
        "the repair after link-down to find the routes gone and refused",
        WAIT,
        () -> reconciler.metrics().routesAwaitingRetry() == 300);
    kernel.gatewayUp(GW);
    reconciler.linkChanged(link(true), false);

    Wait.until("every route back after link-up", WAIT, () -> kernel.routesOf(PROTO).size() == 300);
    // The kernel holds a write before the reconciler has settled its answer and counted it.
    Wait.until(
        "the 300 routes counted as repaired",
        WAIT,
        () -> reconciler.metrics().routesRepaired(),
        repaired -> repaired >= 300);
    assertThat(reconciler.metrics().routesRepaired()).isEqualTo(300);
    assertThat(reconciler.metrics().resyncs()).isGreaterThan(resyncsBefore);
  }

  @Test
  void aForeignRouteOnOurKeyIsReportedOnceAndTriedAgainOnlyWhenTheKernelReportsAChange()
      throws Exception {
    Route foreign = via("10.10.0.0/24", OTHER_GW).withProtocol(RTPROT_STATIC);
    kernel.put(foreign);
    Route ours = via("10.10.0.0/24", GW);

    ConvergeReport first = reconciler.setDesired(List.of(ours)).get();
    assertThat(first.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.error().getMessage()).contains("EEXIST"));
    int refusalsAfterFirst = kernel.refusals();

    ConvergeReport resync = reconciler.converge();
    ConvergeReport again = reconciler.converge();
    assertThat(resync.wasNoOp()).isTrue();
    assertThat(again.wasNoOp()).isTrue();
    assertThat(kernel.refusals()).isEqualTo(refusalsAfterFirst);
    assertThat(reconciler.metrics().conflicts()).isEqualTo(1);
    assertThat(reconciler.metrics().routesInConflict()).isEqualTo(1);
    assertThat(kernel.get(ours.key())).isEqualTo(foreign);

    kernel.remove(foreign.key());
    reconciler.routeChanged(foreign, true);

    Wait.until(
        "our route written once the foreign one went",
        WAIT,
        () -> ours.equals(kernel.get(ours.key())));
    Wait.until("no conflict left", WAIT, () -> reconciler.metrics().routesInConflict() == 0);
  }

  @Test
  void changesBehindOurBackAreRepairedByKeyWithoutADump() throws Exception {
    Route wanted = via("10.11.0.0/24", GW);
    reconciler.setDesired(List.of(wanted)).get();
    int dumps = kernel.dumps();

    kernel.remove(wanted.key());
    reconciler.routeChanged(wanted, true);
    Wait.until("the deleted route put back", WAIT, () -> wanted.equals(kernel.get(wanted.key())));

    Route stray = via("10.12.0.0/24", GW);
    kernel.put(stray);
    reconciler.routeChanged(stray, false);
    Wait.until(
        "the stray route of our protocol removed", WAIT, () -> kernel.get(stray.key()) == null);

    Route altered = via("10.11.0.0/24", OTHER_GW);
    kernel.put(altered);
    reconciler.routeChanged(altered, false);
    Wait.until("the altered route put back", WAIT, () -> wanted.equals(kernel.get(wanted.key())));
    Wait.until(
        "both repairs counted", WAIT, () -> reconciler.metrics().routesRepaired(), n -> n >= 2);

    assertThat(kernel.dumps()).isEqualTo(dumps);
    assertThat(reconciler.metrics().routesRepaired()).isEqualTo(2);
    assertThat(reconciler.metrics().routesRemoved()).isEqualTo(1);
  }

  @Test
  void theEchoOfOurOwnWriteChangesNothing() throws Exception {
    Route wanted = via("10.13.0.0/24", GW);
    reconciler.setDesired(List.of(wanted)).get();
    int batches = kernel.batches();

    reconciler.routeChanged(wanted, false);
    ConvergeReport next = reconciler.source("bgp").upsert(List.of()).get();

    assertThat(next.wasNoOp()).isTrue();
    assertThat(kernel.batches()).isEqualTo(batches);
  }

  @Test
  void anAddressAddedRetriesAndAnAddressRemovedResyncs() throws Exception {
    reconciler.setDesired(List.of()).get();
    kernel.gatewayDown(GW);
    Route route = via("10.14.0.0/24", GW);
    reconciler.source("bgp").upsert(route).get();
    kernel.gatewayUp(GW);

    reconciler.addressChanged(new InterfaceAddress(2, IpAddress.parse("192.0.2.1"), 24), false);
    Wait.until(
        "the route written after the address came", WAIT, () -> kernel.get(route.key()) != null);

    long resyncs = reconciler.metrics().resyncs();
    kernel.gatewayDown(GW);
    reconciler.addressChanged(new InterfaceAddress(2, IpAddress.parse("192.0.2.1"), 24), true);
    Wait.until(
        "a resync after the address went", WAIT, () -> reconciler.metrics().resyncs() > resyncs);
    Wait.until(
        "the dropped route awaiting retry",
        WAIT,
        () -> reconciler.metrics().routesAwaitingRetry() == 1);
  }
}
