package dev.tabby.bgp.session;

/** Opens outbound TCP connections for a session. */
public interface Connector {

  /**
   * Added to a signed connection's "no answer": a peer whose key differs (or that has none) drops
   * our segments silently, so a wrong password looks exactly like a peer that does not answer.
   */
  String SIGNED_SILENCE_HINT =
      " (a TCP MD5 password that does not match the peer's looks exactly like this)";

  /**
   * Starts connecting to the session's peer. The outcome reaches the session later as {@link
   * BgpSession#connectionUp} or {@link BgpSession#connectFailed}.
   *
   * @return a handle that aborts the attempt
   */
  Cancellable connect(BgpSession session);

  /** Where it connects, as messages show it: {@code 10.0.0.2:179}, {@code [fd00::2]:179}. */
  String target();

  /** Whether the connections are signed with a TCP MD5 key (see {@link #SIGNED_SILENCE_HINT}). */
  default boolean signed() {
    return false;
  }
}
