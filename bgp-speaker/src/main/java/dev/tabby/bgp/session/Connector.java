package dev.tabby.bgp.session;

/** Opens outbound TCP connections for a session. */
public interface Connector {

  /**
   * Starts connecting to the session's peer. The outcome reaches the session later as {@link
   * BgpSession#connectionUp} or {@link BgpSession#connectFailed}.
   *
   * @return a handle that aborts the attempt
   */
  Cancellable connect(BgpSession session);
}
