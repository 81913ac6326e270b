package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.UpdateMessage;

/** What a session reports to the speaker around it; called on the session's thread. */
public interface SessionListener {

  /** The session reached Established over {@code transport}. */
  void established(BgpSession session, NegotiatedSession negotiated, Transport transport);

  /** An UPDATE arrived on the established session. */
  void update(BgpSession session, UpdateMessage update);

  /** The peer asked for our routes of {@code family} again. */
  void routeRefresh(BgpSession session, AddressFamily family);

  /** An established session went down; everything learned from it is gone. */
  void down(BgpSession session);
}
