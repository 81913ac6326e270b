package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.ExtendedMessages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inbound backpressure for one connection: counts the bytes of the UPDATEs read from it that the
 * speaker has not finished processing, stops reading (Netty autoRead off) when they reach the high
 * watermark and reads again once they are down to the low one. While we do not read, the kernel's
 * receive buffer fills and TCP's window makes the peer wait: a fast peer cannot queue more work
 * than the watermark, plus what one read had already taken from the socket.
 *
 * <p>Counted in bytes on the wire, each UPDATE charged at least 4,096 bytes: the high watermark is
 * 256 UPDATEs of up to 4,096 bytes (1 MiB, about 10 MB once decoded when every UPDATE is full of
 * prefixes), and as many bytes of extended messages (RFC 8654, up to 65,535 bytes each), which
 * counted as messages would have let 16 times that wait. The floor keeps small UPDATEs to 256 as
 * well: each costs a RIB task and decoded objects whatever its length. 256 is one of the RIB's
 * bursts: the most it takes before acting on them. The low watermark, a quarter of that, is still
 * tens of milliseconds of RIB work, far longer than the peer needs to refill the window we reopen,
 * so a table load does not wait on us reading.
 *
 * <p>A handler placed after the framing: it sees each UPDATE's frame, and so its length, before it
 * is decoded. The speaker finishes UPDATEs in the order they were read (one RIB thread), so {@link
 * #processed()} gives back the charge of the oldest one not yet processed.
 *
 * <p>{@link #channelRead} runs on the channel's event loop; {@link #processed()} on any thread (the
 * RIB's). Pausing and resuming happen on the event loop.
 */
final class ReadThrottle extends ChannelInboundHandlerAdapter {

  static final long HIGH_WATERMARK_BYTES = 256L * ExtendedMessages.STANDARD_MAX_LENGTH;
  static final long LOW_WATERMARK_BYTES = HIGH_WATERMARK_BYTES / 4;

  /** What an UPDATE shorter than the standard maximum is charged. */
  static final int MIN_CHARGE = ExtendedMessages.STANDARD_MAX_LENGTH;

  /** Offset of the type code in a BGP header: after the 16-byte marker and 2-byte length. */
  private static final int TYPE_OFFSET = 18;

  /** Told when reading stops and starts again; on the channel's event loop. */
  interface Listener {
    void readingPaused();

    void readingResumed();
  }

  private final Channel channel;
  private final Listener listener;

  /** The bytes charged for each UPDATE read and not processed yet, oldest first. */
  private final Queue<Integer> charges = new ConcurrentLinkedQueue<>();

  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicLong outstandingBytes = new AtomicLong();
  private final AtomicBoolean paused = new AtomicBoolean();
  private final AtomicBoolean resumeQueued = new AtomicBoolean();
  private final Runnable resumeIfDrained = this::resumeIfDrained;

  /** Set once the connection is closing: from then on it reads whatever is queued. */
  private volatile boolean released;

  ReadThrottle(Channel channel, Listener listener) {
    this.channel = channel;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf frame
        && frame.readableBytes() > TYPE_OFFSET
        && frame.getUnsignedByte(frame.readerIndex() + TYPE_OFFSET) == BgpMessage.TYPE_UPDATE) {
      received(frame.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  /** One UPDATE of {@code length} bytes was read and handed on. */
  void received(int length) {
    int charge = Math.max(length, MIN_CHARGE);
    charges.add(charge);
    outstanding.incrementAndGet();
    if (outstandingBytes.addAndGet(charge) >= HIGH_WATERMARK_BYTES
        && !released
        && paused.compareAndSet(false, true)) {
      channel.config().setAutoRead(false);
      listener.readingPaused();
      // The RIB may have drained everything between the count and the pause; then no processed()
      // call is left to resume reading.
      resumeIfDrained();
    }
  }

  /** The speaker finished with the oldest UPDATE read from this connection. */
  void processed() {
    Integer charge = charges.poll();
    if (charge == null) {
      return;
    }
    outstanding.decrementAndGet();
    if (outstandingBytes.addAndGet(-charge) <= LOW_WATERMARK_BYTES
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

  /** Bytes charged for the UPDATEs read but not yet processed. */
  long outstandingBytes() {
    return outstandingBytes.get();
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
    if (outstandingBytes.get() <= LOW_WATERMARK_BYTES && paused.compareAndSet(true, false)) {
      channel.config().setAutoRead(true);
      listener.readingResumed();
    }
  }
}
