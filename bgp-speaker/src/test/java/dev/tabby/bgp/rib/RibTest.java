package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.CLUSTER_ID;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threaded RIB: work is queued from any thread and runs on the RIB's own thread. */
class RibTest {
  private final Rib rib =
      new Rib(LOCAL_ROUTER_ID, LOCAL_AS, CLUSTER_ID, UnpooledByteBufAllocator.DEFAULT);

  @AfterEach
  void close() {
    rib.close();
  }

  @Test
  void listenersRunOnTheRibThreadAndBarrierWaitsForThem() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    List<BestPathChange> changes = new CopyOnWriteArrayList<>();
    rib.addListener(
        batch -> {
          threads.add(Thread.currentThread().getName());
          changes.addAll(batch);
        });

    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    await(rib.barrier());

    assertThat(threads).containsOnly("tabby-rib");
    assertThat(changes)
        .singleElement()
        .extracting(BestPathChange::prefix)
        .isEqualTo(prefix("10.1.0.0/24"));
  }

  @Test
  void anotherPeersUpdateIsProcessedWhileOnePeerHammersRefreshes() throws Exception {
    FakePeer source = new FakePeer(ebgp("10.0.0.1", 65001).build());
    FakePeer asker = new FakePeer(ebgp("10.0.0.9", 65009).build());
    FakePeer other = new FakePeer(ebgp("10.0.0.5", 65005).build());
    List<IpPrefix> table = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      table.add(prefix("10." + (i / 256 + 1) + "." + (i % 256) + ".0/24"));
    }
    for (FakePeer peer : List.of(source, asker, other)) {
      rib.peerUp(peer.info, peer);
    }
    rib.update(
        source.info.address(),
        UpdateMessage.announce(attributes("10.0.0.1", 65001).build(), table),
        () -> {});
    await(rib.barrier());
    asker.clearReceived();
    IpPrefix fresh = prefix("10.200.0.0/24");
    List<Integer> askerHadWhenFreshWasProcessed = new CopyOnWriteArrayList<>();

    // Hold the RIB thread so that the whole burst is queued before any of it runs.
    CountDownLatch release = new CountDownLatch(1);
    rib.update(source.info.address(), UpdateMessage.withdraw(List.of()), () -> awaitLatch(release));
    for (int i = 0; i < 50; i++) {
      rib.routeRefresh(asker.info.address(), AddressFamily.IPV4_UNICAST);
    }
    rib.update(
        other.info.address(),
        UpdateMessage.announce(attributes("10.0.0.5", 65005).build(), List.of(fresh)),
        () -> askerHadWhenFreshWasProcessed.add(announcedCount(asker)));
    release.countDown();
    await(rib.barrier());

    // The other peer's UPDATE queued behind 50 refreshes ran before the first refresh chunk.
    assertThat(askerHadWhenFreshWasProcessed).containsExactly(0);
    // The refreshes went out in full, merged into two passes: the one asked first (the table as
    // it was), and one for all the others, which has the fresh prefix too. The fresh prefix also
    // went out on its own as it was processed.
    int expected = table.size() + 1 + (table.size() + 1);
    Wait.until(
        "both refresh passes sent to the asker",
        Duration.ofSeconds(20),
        () -> announcedCount(asker),
        count -> count >= expected);
    await(rib.barrier());
    assertThat(announcedCount(asker)).isEqualTo(expected);
  }

  private static int announcedCount(FakePeer peer) {
    int count = 0;
    for (UpdateMessage message : peer.messages()) {
      for (UpdateMessage.Reach reach : message.reach()) {
        count += reach.prefixes().size();
      }
    }
    return count;
  }

  @Test
  void routeCountCountsThePrefixesWithABestPath() throws Exception {
    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.originate(prefix("10.2.0.0/24"), PathAttributes.builder().build());
    rib.originate(prefix("2001:db8::/48"), PathAttributes.builder().build());
    rib.withdrawOriginated(prefix("10.2.0.0/24"));

    assertThat(await(rib.routeCount())).isEqualTo(2);
  }

  @Test
  void theProcessedCallbackRunsOnceTheUpdateIsApplied() throws Exception {
    FakePeer source = new FakePeer(ebgp("10.0.0.1", 65001).build());
    rib.peerUp(source.info, source);
    CountDownLatch processed = new CountDownLatch(1);
    rib.update(
        source.info.address(),
        UpdateMessage.announce(
            attributes("10.0.0.1", 65001).build(), List.of(prefix("10.1.0.0/24"))),
        processed::countDown);

    assertThat(processed.await(10, TimeUnit.SECONDS)).as("processed callback ran").isTrue();
    assertThat(await(rib.routeCount())).isEqualTo(1);
  }

  @Test
  void locRibIsAnsweredAfterEarlierWorkAndCountersAfterABarrier() throws Exception {
    FakePeer source = new FakePeer(ebgp("10.0.0.1", 65001).build());
    rib.peerUp(source.info, source);
    rib.update(
        source.info.address(),
        UpdateMessage.announce(
            attributes("10.0.0.1", 65001).build(), List.of(prefix("10.1.0.0/24"))),
        () -> {});

    assertThat(await(rib.locRib()))
        .extracting(Route::prefix)
        .containsExactly(prefix("10.1.0.0/24"));
    await(rib.barrier());
    assertThat(rib.counters()).containsEntry(source.info.address(), new PeerCounters(1, 1, 0));
  }

  @Test
  void countersAnswerWhileTheRibThreadIsBusy() throws Exception {
    FakePeer source = new FakePeer(ebgp("10.0.0.1", 65001).build());
    rib.peerUp(source.info, source);
    announce(source, "10.1.0.0/24");
    await(rib.barrier());
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    rib.addListener(
        changes -> {
          busy.countDown();
          awaitLatch(release);
        });
    announce(source, "10.2.0.0/24");

    try {
      assertThat(busy.await(10, TimeUnit.SECONDS))
          .as("the RIB thread reached the listener")
          .isTrue();
      assertThat(rib.counters())
          .as("the counts of the last flush, while the RIB thread is held")
          .containsEntry(source.info.address(), new PeerCounters(1, 1, 0));
    } finally {
      release.countDown();
    }
    await(rib.barrier());
    assertThat(rib.counters()).containsEntry(source.info.address(), new PeerCounters(2, 2, 0));
  }

  @Test
  void aFlushTakesAboutMaxChangesPerFlushPrefixesWhateverIsQueued() throws Exception {
    FakePeer source =
        new FakePeer(ebgp("10.0.0.1", 65001).families(AddressFamily.IPV4_UNICAST).build());
    rib.peerUp(source.info, source);
    List<Integer> flushSizes = new CopyOnWriteArrayList<>();
    rib.addListener(changes -> flushSizes.add(changes.size()));
    await(rib.barrier());
    CountDownLatch queued = new CountDownLatch(1);
    int perUpdate = 1000;
    int updates = 3 * Rib.MAX_CHANGES_PER_FLUSH / perUpdate;
    for (int update = 0; update < updates; update++) {
      // The first UPDATE holds the RIB thread until all are queued: one burst, far fewer tasks
      // than a flush may take, so only the count of changed prefixes can split it.
      Runnable processed = update == 0 ? () -> awaitLatch(queued) : () -> {};
      rib.update(source.info.address(), announcement(update, perUpdate), processed);
    }
    queued.countDown();
    await(rib.barrier());

    assertThat(flushSizes.stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(updates * perUpdate);
    assertThat(flushSizes)
        .as("changes per flush")
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(size -> size < Rib.MAX_CHANGES_PER_FLUSH + perUpdate);
  }

  @Test
  void aPeerWithAFullTableGoingDownIsWithdrawnInFlushesOfTheUsualSize() throws Exception {
    FakePeer source =
        new FakePeer(ebgp("10.0.0.1", 65001).families(AddressFamily.IPV4_UNICAST).build());
    rib.peerUp(source.info, source);
    int perUpdate = 1000;
    int updates = 3 * Rib.MAX_CHANGES_PER_FLUSH / perUpdate;
    for (int update = 0; update < updates; update++) {
      rib.update(source.info.address(), announcement(update, perUpdate), () -> {});
    }
    await(rib.barrier());
    List<Integer> flushSizes = new CopyOnWriteArrayList<>();
    rib.addListener(changes -> flushSizes.add(changes.size()));
    await(rib.barrier());
    flushSizes.clear();

    rib.peerDown(source.info.address());
    await(rib.barrier());

    assertThat(await(rib.routeCount())).isZero();
    assertThat(flushSizes.stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(updates * perUpdate);
    assertThat(flushSizes)
        .as("withdrawals per flush")
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(size -> size <= Rib.MAX_CHANGES_PER_FLUSH);
  }

  /** An UPDATE of {@code size} /24s of its own, numbered from {@code index * size}. */
  private static UpdateMessage announcement(int index, int size) {
    List<IpPrefix> prefixes = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      prefixes.add(IpPrefix.ipv4(0x0A00_0000 | (index * size + i) << 8, 24));
    }
    return UpdateMessage.announce(attributes("10.0.0.1", 65001).build(), prefixes);
  }

  private void announce(FakePeer source, String prefix) {
    rib.update(
        source.info.address(),
        UpdateMessage.announce(attributes("10.0.0.1", 65001).build(), List.of(prefix(prefix))),
        () -> {});
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aHundredThousandRoutesComeAndGo() throws Exception {
    FakePeer source =
        new FakePeer(ebgp("10.0.0.1", 65001).families(AddressFamily.IPV4_UNICAST).build());
    FakePeer receiver =
        new FakePeer(ebgp("10.0.0.9", 65009).families(AddressFamily.IPV4_UNICAST).build());
    rib.peerUp(source.info, source);
    rib.peerUp(receiver.info, receiver);
    for (int update = 0; update < 100; update++) {
      rib.update(source.info.address(), announcement(update, 1000), () -> {});
    }

    assertThat(await(rib.locRib())).hasSize(100_000);
    assertThat(receiver.table()).hasSize(100_000);
    assertThat(await(rib.internedAttributeSets())).as("one set in, one set out").isEqualTo(2);

    rib.peerDown(source.info.address());

    assertThat(await(rib.locRib())).isEmpty();
    assertThat(receiver.table()).isEmpty();
    assertThat(await(rib.internedAttributeSets())).isZero();
    Map<java.net.InetAddress, PeerCounters> counters = rib.counters();
    assertThat(counters).containsOnlyKeys(receiver.info.address());
  }

  @Test
  void callsFromManyThreadsAreAllApplied() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  rib.originate(
                      IpPrefix.ipv4(0x0A00_0000 | thread << 16 | i << 4, 28),
                      PathAttributes.builder().build());
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(await(rib.locRib())).hasSize(2000);
  }

  @Test
  void aClosedRibRefusesQueries() {
    rib.close();

    assertThat(rib.locRib()).isCompletedExceptionally();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(30, TimeUnit.SECONDS);
  }
}
