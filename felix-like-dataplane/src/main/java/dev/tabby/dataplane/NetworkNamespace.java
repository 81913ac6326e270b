package dev.tabby.dataplane;

import dev.tabby.dataplane.netlink.Native;
import dev.tabby.dataplane.netlink.NetlinkException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work inside another network namespace. One dedicated thread enters the namespace once (setns
 * changes only the calling thread) and runs every task given to it; no other thread of the agent
 * ever moves. Netlink sockets opened there stay bound to the namespace after they are returned, and
 * sysctl files under /proc/sys/net opened there are the namespace's own.
 */
public final class NetworkNamespace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetworkNamespace.class);
  private static final int CLONE_NEWNET = 0x40000000;

  private final Path path;
  private final ExecutorService thread;

  private NetworkNamespace(Path path) {
    this.path = path;
    AtomicBoolean started = new AtomicBoolean();
    this.thread =
        Executors.newSingleThreadExecutor(
            task -> {
              // Only the first thread ever enters the namespace. Should it die, a replacement
              // would run in the agent's own namespace: refuse to make one, so tasks fail instead.
              if (!started.compareAndSet(false, true)) {
                return null;
              }
              Thread t = new Thread(task, "netns-" + path);
              t.setDaemon(true);
              return t;
            });
  }

  /** The namespace that {@code ip netns add NAME} made: /var/run/netns/NAME. */
  public static NetworkNamespace named(String name) {
    if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
    }
    return open(Path.of("/var/run/netns", name));
  }

  /** The namespace at a path such as /var/run/netns/NAME or /proc/PID/ns/net. */
  public static NetworkNamespace open(Path path) {
    NetworkNamespace namespace = new NetworkNamespace(path);
    try {
      namespace.call(
          () -> {
            int fd = Native.openReadOnly(path.toString());
            try {
              if (Native.LIBC.setns(fd, CLONE_NEWNET) != 0) {
                throw NetlinkException.fromErrno(Native.errno(), "enter network namespace " + path);
              }
            } finally {
              Native.closeQuietly(fd);
            }
            return null;
          });
    } catch (RuntimeException e) {
      // The thread never entered the namespace: it must run nothing else.
      namespace.close();
      throw e;
    }
    log.debug("entered network namespace {} on a dedicated thread", path);
    return namespace;
  }

  public Path path() {
    return path;
  }

  /** Runs a task inside the namespace and returns its result; its exceptions pass through. */
  public <T> T call(Callable<T> task) {
    Future<T> result;
    try {
      result = thread.submit(task);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException(
          "no thread inside network namespace " + path + " (closed?)", e);
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(true);
      throw new IllegalStateException("interrupted while working in namespace " + path, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("work in namespace " + path + " failed", e.getCause());
    }
  }

  public void run(Runnable task) {
    call(
        () -> {
          task.run();
          return null;
        });
  }

  /** A netlink client bound to this namespace, usable from any thread. */
  public Netlink openNetlink() {
    return call(Netlink::open);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  @Override
  public String toString() {
    return "network namespace " + path;
  }
}
