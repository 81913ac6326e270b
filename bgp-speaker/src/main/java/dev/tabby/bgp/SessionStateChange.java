package dev.tabby.bgp;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.session.SessionState;
import java.net.InetAddress;

/**
 * One FSM transition of a peer's session.
 *
 * @param peer the peer's address
 * @param from the state the session left
 * @param to the state it entered
 * @param error what brought a connection down or made a connect fail, when that caused the
 *     transition (as in {@link PeerStatus#lastError()}); null otherwise
 */
public record SessionStateChange(
    InetAddress peer, SessionState from, SessionState to, String error) {

  @Override
  public String toString() {
    return "peer="
        + InetAddresses.toAddrString(peer)
        + " from="
        + from
        + " to="
        + to
        + (error == null ? "" : " error=\"" + error + "\"");
  }
}
