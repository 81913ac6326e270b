package dev.tabby.bgp.session;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inbound backpressure for one connection: counts the UPDATEs read from it that the speaker has not
 * finished processing, stops reading (Netty autoRead off) when they reach the high watermark and
 * reads again once they are down to the low one. While we do not read, the kernel's receive buffer
 * fills and TCP's window makes the peer wait: a fast peer cannot queue more work than the
 * watermark, plus what one read had already taken from the socket.
 *
 * <p>Counted in messages, not bytes: an UPDATE is at most 4096 bytes on the wire, so the high
 * watermark bounds the queued wire data to 1 MiB per peer, about 10 MB once decoded when every
 * UPDATE is full of prefixes; 16 times that from a peer with extended messages (RFC 8654), whose
 * UPDATEs may be 65,535 bytes long. It is one of the RIB's 256-task bursts: the most the RIB takes
 * before acting on them. The low watermark, a quarter of that, is still tens of milliseconds of RIB
 * work when UPDATEs are full, far longer than the peer needs to refill the window we reopen, so a
 * table load does not wait on us reading.
 *
 * <p>{@link #received()} runs on the channel's event loop; {@link #processed()} on any thread (the
 * RIB's). Pausing and resuming happen on the event loop.
 */
final class ReadThrottle {

  static final int HIGH_WATERMARK = 256;
  static final int LOW_WATERMARK = 64;

  /** Told when reading stops and starts again; on the channel's event loop. */
  interface Listener {
    void readingPaused();

    void readingResumed();
  }

  private final Channel channel;
  private final Listener listener;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicBoolean paused = new AtomicBoolean();
  private final AtomicBoolean resumeQueued = new AtomicBoolean();
  private final Runnable resumeIfDrained = this::resumeIfDrained;

  /** Set once the connection is closing: from then on it reads whatever is queued. */
  private volatile boolean released;

  ReadThrottle(Channel channel, Listener listener) {
    this.channel = channel;
    this.listener = listener;
  }

  /** One UPDATE was read and handed on. */
  void received() {
    if (outstanding.incrementAndGet() >= HIGH_WATERMARK
        && !released
        && paused.compareAndSet(false, true)) {
      channel.config().setAutoRead(false);
      listener.readingPaused();
      // The RIB may have drained everything between the count and the pause; then no processed()
      // call is left to resume reading.
      resumeIfDrained();
    }
  }

  /** The speaker finished with one UPDATE read from this connection. */
  void processed() {
    if (outstanding.decrementAndGet() <= LOW_WATERMARK
        && paused.get()
        && resumeQueued.compareAndSet(false, true)) {
      channel.eventLoop().execute(resumeIfDrained);
    }
  }

  /** True while reading is stopped because too much work is queued. */
  boolean paused() {
    return paused.get();
  }

  /** UPDATEs read but not yet processed. */
  int outstanding() {
    return outstanding.get();
  }

  /** Reads again regardless of the queued work: a closing connection must see the peer's FIN. */
  void release() {
    released = true;
    if (paused.compareAndSet(true, false)) {
      channel.config().setAutoRead(true);
    }
  }

  private void resumeIfDrained() {
    resumeQueued.set(false);
    if (outstanding.get() <= LOW_WATERMARK && paused.compareAndSet(true, false)) {
      channel.config().setAutoRead(true);
      listener.readingResumed();
    }
  }
}
