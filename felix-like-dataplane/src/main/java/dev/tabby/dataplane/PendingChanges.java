package dev.tabby.dataplane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the next incremental converge must look at, gathered from the route sources and the kernel's
 * notifications while the worker is busy: changes that arrive during a converge are written
 * together by the next one. Thread-safe.
 */
final class PendingChanges {
  /** A route the kernel reported added, changed or deleted, not explained by our own writes. */
  record KernelChange(Route route, boolean deleted) {}

  /** Everything taken at once by a converge. */
  record Batch(
      Set<RouteKey> keys,
      List<KernelChange> kernelChanges,
      List<CompletableFuture<ConvergeReport>> waiters) {}

  private Set<RouteKey> keys = new HashSet<>();
  private List<KernelChange> kernelChanges = new ArrayList<>();
  private List<CompletableFuture<ConvergeReport>> waiters = new ArrayList<>();
  private boolean queued;

  /**
   * Adds keys a source changed and a future for their writing.
   *
   * @return whether the caller must start a converge (none is waiting yet)
   */
  synchronized boolean addKeys(
      Collection<RouteKey> changed, CompletableFuture<ConvergeReport> waiter) {
    keys.addAll(changed);
    waiters.add(waiter);
    return startConverge();
  }

  /** As {@link #addKeys}, for a kernel notification. */
  synchronized boolean addKernelChange(Route route, boolean deleted) {
    kernelChanges.add(new KernelChange(route, deleted));
    return startConverge();
  }

  /** Asks for a converge with nothing new (routes due for a retry); as {@link #addKeys}. */
  synchronized boolean request() {
    return startConverge();
  }

  private boolean startConverge() {
    if (queued) {
      return false;
    }
    queued = true;
    return true;
  }

  synchronized Batch take() {
    Batch batch = new Batch(keys, kernelChanges, waiters);
    keys = new HashSet<>();
    kernelChanges = new ArrayList<>();
    waiters = new ArrayList<>();
    queued = false;
    return batch;
  }
}
