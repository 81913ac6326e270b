package dev.tabby.bgp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands session state changes from the sessions' event loops to the {@link SessionStateListener}s
 * on one thread of its own, so a listener never holds up a session and sees each session's changes
 * in order.
 */
final class SessionEvents {

  private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

  private final List<SessionStateListener> listeners = new CopyOnWriteArrayList<>();

  /** The events thread, once started. */
  private volatile Thread eventsThread;

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread started = new Thread(task, "tabby-session-events");
            started.setDaemon(true);
            eventsThread = started;
            return started;
          });

  void add(SessionStateListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes the listener; once this returns it is not called again. From any thread but the events
   * thread itself this waits for a change being delivered to finish.
   *
   * @return false when it was not added
   */
  boolean remove(SessionStateListener listener) {
    boolean removed = listeners.remove(listener);
    if (removed && Thread.currentThread() != eventsThread) {
      awaitDelivered();
    }
    return removed;
  }

  /** Queues the change for the listeners; called on a session's event loop. */
  void publish(SessionStateChange change) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      thread.execute(() -> deliver(change));
    } catch (RejectedExecutionException e) {
      log.debug("session events closed; dropping {}", change);
    }
  }

  private void deliver(SessionStateChange change) {
    for (SessionStateListener listener : listeners) {
      try {
        listener.sessionStateChanged(change);
      } catch (RuntimeException e) {
        log.error("event=listener-failed listener={} {}", listener, change, e);
      }
    }
  }

  /** Every change queued before the call has been delivered (or the events thread is gone). */
  private void awaitDelivered() {
    try {
      thread.submit(() -> {}).get();
    } catch (RejectedExecutionException | ExecutionException e) {
      // Closed: nothing is delivered any more.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Delivers the changes queued so far, waiting at most {@code timeout}, then stops. */
  void close(Duration timeout) {
    thread.shutdown();
    try {
      thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
