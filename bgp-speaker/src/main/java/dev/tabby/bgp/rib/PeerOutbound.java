package dev.tabby.bgp.rib;

import io.netty.buffer.ByteBuf;

/** Where the RIB writes a peer's UPDATEs; implemented by the peer's session. */
public interface PeerOutbound {
  /**
   * Writes one or more already-encoded, back-to-back BGP messages to the peer. Takes ownership of
   * one reference count of the buffer.
   */
  void send(ByteBuf encodedMessages);

  /**
   * False while the connection cannot take more (its write buffer is above the high watermark): the
   * RIB then holds back this peer's UPDATEs, and sends the current state of what it held back once
   * told by {@link Rib#peerWritable}.
   */
  default boolean writable() {
    return true;
  }
}
