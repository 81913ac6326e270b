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
 * finds the lane idle becomes its runner and hands everything queued to the batch handler at once,
 * again and again until the lane is empty. So a node's IPAM work never runs concurrently with
 * itself, and requests that arrive while a batch is being written share the next batch's writes. No
 * thread of its own: the runner is always one of the callers.
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

  /** Queues the work in the lane, runs batches while the lane needs a runner, and waits. */
  <T> T run(String lane, LaneWork<T> work) {
    Lane l = lanes.computeIfAbsent(lane, name -> new Lane());
    l.queue.add(work);
    // The queue is looked at again after the running flag is dropped, so work queued just before
    // that moment is never left without a runner.
    while (!l.queue.isEmpty() && l.running.compareAndSet(false, true)) {
      try {
        runBatch(lane, drain(l.queue));
      } finally {
        l.running.set(false);
      }
    }
    return work.await();
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
