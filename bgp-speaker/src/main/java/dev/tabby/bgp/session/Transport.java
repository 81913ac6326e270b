package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.CodecContext;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;

/** One TCP connection to a peer, as the session state machine uses it. */
public interface Transport {

  /** True when this speaker opened the connection, false when the peer did. */
  boolean outbound();

  /** The local end's address (the next hop this speaker announces over the connection). */
  InetAddress localAddress();

  /** Encodes and sends one message. */
  void send(BgpMessage message);

  /** Sends already-encoded, back-to-back messages; takes ownership of one reference count. */
  void sendEncoded(ByteBuf messages);

  /**
   * Switches the codec to what the OPENs negotiated (4-octet AS numbers, families), and sizes the
   * write buffer for the longest message.
   */
  void useCodecContext(CodecContext context);

  /**
   * The speaker has finished with one UPDATE received on this connection. Reading pauses while too
   * many received UPDATEs wait to be processed; callable from any thread.
   */
  void updateProcessed();

  /** True while reading is paused because too many received UPDATEs wait to be processed. */
  boolean readingPaused();

  /** Received UPDATEs not yet processed by the speaker. */
  int queuedUpdates();

  /** Bytes written to the connection that still wait in our write buffer (not in the kernel's). */
  long queuedBytes();

  /**
   * False while the connection's write buffer is above its high watermark: senders should hold back
   * until the session reports the connection writable again.
   */
  boolean writable();

  /** Closes the connection after what was sent so far has been written. */
  void close();
}
