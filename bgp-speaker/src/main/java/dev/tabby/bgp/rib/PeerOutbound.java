package dev.tabby.bgp.rib;

import io.netty.buffer.ByteBuf;

/** Where the RIB writes a peer's UPDATEs; implemented by the peer's session. */
public interface PeerOutbound {
  /**
   * Writes one or more already-encoded, back-to-back BGP messages to the peer. Takes ownership of
   * one reference count of the buffer.
   */
  void send(ByteBuf encodedMessages);
}
