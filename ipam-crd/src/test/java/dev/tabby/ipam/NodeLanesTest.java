package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lane's group commit and hand-over, with a batch handler that only records. */
class NodeLanesTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  /** A work answered with its own name. */
  private static final class Named extends LaneWork<String> {
    final String name;

    Named(String name) {
      this.name = name;
    }
  }

  /** One batch as the handler saw it: the names in it and the thread that ran it. */
  private record Batch(List<String> names, String runner) {}

  /** A lane whose batch holding "a" waits for {@code release}; every batch is recorded. */
  private static final class LaneHoldingA {
    final CountDownLatch aRunning = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Batch> batches = new CopyOnWriteArrayList<>();
    final NodeLanes lanes =
        new NodeLanes(
            (lane, batch) -> {
              List<String> names = batch.stream().map(w -> ((Named) w).name).toList();
              batches.add(new Batch(names, Thread.currentThread().getName()));
              if (names.contains("a")) {
                aRunning.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              }
              batch.forEach(w -> ((Named) w).succeed(((Named) w).name));
            });

    void awaitARunning() throws InterruptedException {
      assertThat(aRunning.await(20, TimeUnit.SECONDS)).as("the batch of a started").isTrue();
    }
  }

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  private static void awaitWaiting(NodeLanes lanes, int expected) {
    Wait.until(
        expected + " works waiting in the lane",
        Duration.ofSeconds(20),
        () -> lanes.waiting("n"),
        waiting -> waiting >= expected);
  }

  private Future<String> submit(NodeLanes lanes, String name) {
    return threads.submit(
        () -> {
          Thread.currentThread().setName("caller-" + name);
          return lanes.run("n", new Named(name));
        });
  }

  @Test
  void worksQueuedDuringABatchMakeTheNextBatchRunByOneOfTheirOwnCallers() throws Exception {
    LaneHoldingA held = new LaneHoldingA();
    NodeLanes lanes = held.lanes;
    Future<String> a = submit(lanes, "a");
    held.awaitARunning();
    List<Future<String>> others =
        List.of(submit(lanes, "b"), submit(lanes, "c"), submit(lanes, "d"));
    awaitWaiting(lanes, 3);
    held.release.countDown();
    assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo("a");
    for (Future<String> f : others) {
      f.get(20, TimeUnit.SECONDS);
    }
    assertThat(held.batches).hasSize(2);
    assertThat(held.batches.get(0)).isEqualTo(new Batch(List.of("a"), "caller-a"));
    assertThat(held.batches.get(1).names()).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(held.batches.get(1).runner())
        .as("the first caller handed the lane over instead of serving the others")
        .isIn("caller-b", "caller-c", "caller-d");
  }

  @Test
  void anInterruptedCallerStillGetsItsAnswerAndKeepsItsInterrupt() throws Exception {
    LaneHoldingA held = new LaneHoldingA();
    NodeLanes lanes = held.lanes;
    Future<String> a = submit(lanes, "a");
    held.awaitARunning();
    AtomicReference<String> answer = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread b =
        new Thread(
            () -> {
              answer.set(lanes.run("n", new Named("b")));
              interruptKept.set(Thread.currentThread().isInterrupted());
            });
    b.start();
    awaitWaiting(lanes, 1);
    b.interrupt();
    held.release.countDown();
    assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo("a");
    b.join(20_000);
    assertThat(answer.get()).as("b's answer").isEqualTo("b");
    assertThat(interruptKept.get()).as("b's interrupt kept").isTrue();
  }

  @Test
  void aFailingBatchFailsItsWorksAndTheLaneGoesOn() {
    NodeLanes lanes =
        new NodeLanes(
            (lane, batch) -> {
              Named first = (Named) batch.get(0);
              if (first.name.equals("bad")) {
                throw new IllegalStateException("handler broke on bad");
              }
              batch.forEach(w -> ((Named) w).succeed(((Named) w).name));
            });
    assertThatThrownBy(() -> lanes.run("n", new Named("bad")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("handler broke on bad");
    assertThat(lanes.run("n", new Named("good"))).isEqualTo("good");
  }
}
