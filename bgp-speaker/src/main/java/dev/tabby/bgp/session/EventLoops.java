package dev.tabby.bgp.session;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops and socket channel types all sessions share: Linux's native epoll transport,
 * which TCP MD5 signatures need, or Java NIO when the native library cannot be loaded.
 */
public final class EventLoops implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

  private final EventLoopGroup group;
  private final boolean epoll;
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private volatile boolean closing;

  private EventLoops(EventLoopGroup group, boolean epoll) {
    this.group = group;
    this.epoll = epoll;
    int index = 0;
    for (EventExecutor loop : group) {
      String name = "event loop " + index++;
      loop.terminationFuture()
          .addListener(
              stopped -> {
                if (!closing) {
                  Throwable cause = stopped.cause();
                  failure.complete(name + " stopped" + (cause == null ? "" : ": " + cause));
                }
              });
    }
  }

  /** Starts {@code threads} event loops on the best transport available. */
  public static EventLoops start(int threads) {
    if (Epoll.isAvailable()) {
      return new EventLoops(
          new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory()), true);
    }
    log.warn(
        "event=transport-fallback transport=nio reason=\"{}\" (TCP MD5 passwords cannot be used)",
        Epoll.unavailabilityCause());
    return new EventLoops(
        new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()), false);
  }

  /** True on the native epoll transport. */
  public boolean epoll() {
    return epoll;
  }

  /** Why epoll is not used; null when it is. */
  String epollUnavailableReason() {
    return epoll ? null : String.valueOf(Epoll.unavailabilityCause());
  }

  EventLoopGroup group() {
    return group;
  }

  /** The next loop, round-robin: each session lives on one. */
  public EventLoop next() {
    return group.next();
  }

  Class<? extends SocketChannel> socketChannel() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  Class<? extends ServerSocketChannel> serverSocketChannel() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /**
   * Completes with the reason when an event loop ends before {@link #close()}: its sessions then
   * hang, so the owner should stop. Never completes otherwise.
   */
  public CompletableFuture<String> failure() {
    return failure;
  }

  @Override
  public void close() {
    closing = true;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
