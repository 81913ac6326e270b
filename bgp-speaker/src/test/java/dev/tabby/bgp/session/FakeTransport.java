package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.NotificationMessage;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A connection that records what the session sends. */
final class FakeTransport implements Transport {

  final List<BgpMessage> sent = new ArrayList<>();
  final boolean outbound;
  boolean closed;
  boolean readingPaused;
  boolean writable = true;
  int updatesProcessed;
  CodecContext codecContext;

  FakeTransport(boolean outbound) {
    this.outbound = outbound;
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  @Override
  public InetAddress localAddress() {
    return InetAddress.getLoopbackAddress();
  }

  @Override
  public void send(BgpMessage message) {
    if (closed) {
      throw new AssertionError("sent " + message + " on a closed connection");
    }
    sent.add(message);
  }

  @Override
  public void sendEncoded(ByteBuf messages) {
    messages.release();
  }

  @Override
  public void updateProcessed() {
    updatesProcessed++;
  }

  @Override
  public boolean readingPaused() {
    return readingPaused;
  }

  @Override
  public int queuedUpdates() {
    return 0;
  }

  @Override
  public long queuedBytes() {
    return 0;
  }

  @Override
  public boolean writable() {
    return writable;
  }

  @Override
  public void useCodecContext(CodecContext context) {
    codecContext = context;
  }

  @Override
  public void close() {
    closed = true;
  }

  BgpMessage lastSent() {
    return sent.get(sent.size() - 1);
  }

  NotificationMessage lastNotification() {
    return (NotificationMessage) lastSent();
  }
}
