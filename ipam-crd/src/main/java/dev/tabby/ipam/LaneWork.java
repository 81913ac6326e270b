package dev.tabby.ipam;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One request waiting in a node's lane: for its answer, or for its turn to run the lane's next
 * batch (see {@link NodeLanes}).
 */
abstract class LaneWork<T> {
  private final CompletableFuture<T> answer = new CompletableFuture<>();
  private final AtomicBoolean turnOffered = new AtomicBoolean();
  private volatile Thread waiter;

  final void succeed(T value) {
    answer.complete(value);
    LockSupport.unpark(waiter);
  }

  /** Fails the work; no effect on a work that has its answer already. */
  final void fail(Throwable failure) {
    answer.completeExceptionally(failure);
    LockSupport.unpark(waiter);
  }

  final boolean isDone() {
    return answer.isDone();
  }

  /** Asks the requester to run the lane's next batch itself. */
  final void offerTurn() {
    turnOffered.set(true);
    LockSupport.unpark(waiter);
  }

  /**
   * Waits until the work has its answer or is offered a turn, whichever comes first. The wait is
   * not cut short by an interrupt (the work is in the lane and will be answered; a caller that gave
   * up could not take it back), but the interrupt is kept for the caller to see.
   */
  final void awaitAnswerOrTurn() {
    // The waiter is published before the conditions are read, and the answer or the offer before
    // the waiter is read, so a wake-up is never lost between the two.
    waiter = Thread.currentThread();
    boolean interrupted = false;
    while (!answer.isDone() && !turnOffered.getAndSet(false)) {
      LockSupport.park(this);
      // park returns at once while the interrupt flag is set: clear it, or this loop would spin.
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The answer, or the failure rethrown as it was raised in the batch. */
  final T await() {
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
