package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.NotificationMessage;
import io.netty.buffer.ByteBuf;

/** Where the RIB writes a peer's UPDATEs; implemented by the peer's session. */
public interface PeerOutbound {
  /**
   * Writes one or more already-encoded, back-to-back BGP messages to the peer. Takes ownership of
   * one reference count of the buffer.
   */
  void send(ByteBuf encodedMessages);

  /**
   * Ends the session for a reason of the RIB's (its route budget is spent): the session sends the
   * NOTIFICATION, closes the connection and goes on as after any NOTIFICATION it sends. The RIB has
   * dropped the peer's routes already and hears of the end as {@link Rib#peerDown}. The default
   * does nothing, for an outbound with no session behind it (a test's).
   */
  default void close(NotificationMessage notification, String reason) {}

  /**
   * False while the connection cannot take more (its write buffer is above the high watermark): the
   * RIB then holds back this peer's UPDATEs, and sends the current state of what it held back once
   * told by {@link Rib#peerWritable}.
   */
  default boolean writable() {
    return true;
  }
}
