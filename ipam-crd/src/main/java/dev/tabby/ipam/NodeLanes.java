package dev.tabby.ipam;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Per-node serialisation with group commit. A caller queues its work in its node's lane; whoever
 * finds the lane idle becomes its runner and hands everything queued to the batch handler at once.
 * So a node's IPAM work never runs concurrently with itself, and requests that arrive while a batch
 * is being written share the next batch's writes. No thread of its own: the runner is always one of
 * the callers, and after its batch (which holds its own work) it hands the lane to the first caller
 * still waiting, rather than serving the others for as long as they keep coming.
 */
final class NodeLanes {
  private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final BiConsumer<String, List<LaneWork<?>>> batchHandler;

  /**
   * @param batchHandler runs one batch for one lane; it must complete every work it is given
   */
  NodeLanes(BiConsumer<String, List<LaneWork<?>>> batchHandler) {
    this.batchHandler = batchHandler;
  }

  private static final class Lane {
    final Queue<LaneWork<?>> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean running = new AtomicBoolean();
  }

  /**
   * Queues the work in the lane, runs the lane's next batch when it is this caller's turn, and
   * waits.
   */
  <T> T run(String lane, LaneWork<T> work) {
    Lane l = lanes.computeIfAbsent(lane, name -> new Lane());
    l.queue.add(work);
    while (!work.isDone()) {
      if (l.running.compareAndSet(false, true)) {
        try {
          // No batch is running, so this one holds every work queued: this caller's own too,
          // unless the runner that just finished had answered it already.
          List<LaneWork<?>> batch = drain(l.queue);
          if (!batch.isEmpty()) {
            runBatch(lane, batch);
          }
        } finally {
          l.running.set(false);
          handOver(l);
        }
      } else {
        work.awaitAnswerOrTurn();
      }
    }
    return work.await();
  }

  /**
   * Offers the lane to the first work waiting. The queue is looked at after the running flag is
   * dropped, and a caller tries the flag after queueing, so queued work never lacks a runner.
   */
  private static void handOver(Lane l) {
    LaneWork<?> next = l.queue.peek();
    if (next != null) {
      next.offerTurn();
    }
  }

  /** How many works wait in the lane (a gauge for metrics and for tests). */
  int waiting(String lane) {
    Lane l = lanes.get(lane);
    return l == null ? 0 : l.queue.size();
  }

  private static List<LaneWork<?>> drain(Queue<LaneWork<?>> queue) {
    List<LaneWork<?>> batch = new ArrayList<>();
    for (LaneWork<?> w = queue.poll(); w != null; w = queue.poll()) {
      batch.add(w);
    }
    return batch;
  }

  private void runBatch(String lane, List<LaneWork<?>> batch) {
    try {
      batchHandler.accept(lane, batch);
    } catch (RuntimeException | Error e) {
      // A bug or an unexpected failure of the handler: no caller may be left waiting for ever.
      batch.forEach(w -> w.fail(e));
      throw e;
    }
  }
}
