package dev.tabby.ipam;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One request waiting in a node's lane for its answer. */
abstract class LaneWork<T> {
  private final CompletableFuture<T> answer = new CompletableFuture<>();

  final void succeed(T value) {
    answer.complete(value);
  }

  /** Fails the work; no effect on a work that has its answer already. */
  final void fail(Throwable failure) {
    answer.completeExceptionally(failure);
  }

  final boolean isDone() {
    return answer.isDone();
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
