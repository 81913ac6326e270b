package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.NotificationMessage;
import io.netty.buffer.ByteBuf;
import java.time.Duration;

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
   * As {@link #close(NotificationMessage, String)}, for a peer that exceeded its prefix limit: the
   * session then stays down (connects to nobody, accepts no connection) for {@code restartInterval}
   * before it connects again as usual.
   */
  default void closeAndStayDown(
      NotificationMessage notification, String reason, Duration restartInterval) {}

  /**
   * The peer's accepted prefixes of {@code family} reached the warning threshold of its {@code
   * limit} ({@code exceeded} false), or went past its maximum (true; with a teardown limit {@link
   * #closeAndStayDown} follows); each at most once per session. For counting; the RIB has logged
   * it. The default does nothing.
   */
  default void prefixLimitCrossed(
      AddressFamily family, boolean exceeded, long prefixes, PrefixLimit limit) {}

  /**
   * False while the connection cannot take more (its write buffer is above the high watermark): the
   * RIB then holds back this peer's UPDATEs, and sends the current state of what it held back once
   * told by {@link Rib#peerWritable}.
   */
  default boolean writable() {
    return true;
  }
}
