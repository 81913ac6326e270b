package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.UpdateMessage;

/** What a session reports to the speaker around it; called on the session's thread. */
public interface SessionListener {

  /** The session reached Established over {@code transport}. */
  void established(BgpSession session, NegotiatedSession negotiated, Transport transport);

  /**
   * An UPDATE arrived on the established session. Run {@code processed} (from any thread) once the
   * UPDATE has been dealt with: until then it counts against the connection's read budget, and
   * reading from the peer pauses while too many are outstanding. It is the same object for every
   * UPDATE of a connection, so handing it on allocates nothing.
   */
  void update(BgpSession session, UpdateMessage update, Runnable processed);

  /** The established connection's write buffer drained below its low watermark again. */
  void writable(BgpSession session);

  /** The peer asked for our routes of {@code family} again. */
  void routeRefresh(BgpSession session, AddressFamily family);

  /**
   * An established session went down.
   *
   * @param connectionLost the connection broke (closed, reset, hold timer expired), or ended with a
   *     NOTIFICATION that both sides restart gracefully from (RFC 8538), rather than being ended
   *     for good: a peer that can restart gracefully (RFC 4724) may come back with its routes
   */
  void down(BgpSession session, boolean connectionLost);

  /**
   * The session's FSM state changed from {@code from} to {@code to}, with {@code error} (readable)
   * when an error caused the transition and null otherwise. Called after the new state is visible
   * in {@link BgpSession#status()}; must not block.
   */
  default void stateChanged(BgpSession session, SessionState from, SessionState to, String error) {}
}
