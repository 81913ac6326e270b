package dev.tabby.bgp.session;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.logging.LogRateLimiter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which accepted connections may reach a session: those from configured peers, and of those
 * with a TCP MD5 password only while the listening socket is known to hold their keys. The kernel
 * drops a peer's unsigned SYNs only when the key is installed; if installing it failed, an unsigned
 * connection from that address could be accepted, and must be closed before our OPEN.
 */
final class InboundAdmission implements Function<InetAddress, BgpSession> {

  private static final Logger log = LoggerFactory.getLogger(InboundAdmission.class);

  private final Function<InetAddress, BgpSession> sessions;
  private final LogRateLimiter unconfiguredWarnings = new LogRateLimiter();

  /**
   * Peers that need a key the listening socket may not hold: set before an install, cleared on
   * success.
   */
  private volatile Set<InetAddress> keysNotInstalled = Set.of();

  /**
   * @param sessions the session of a peer address, or null when it is no configured peer
   */
  InboundAdmission(Function<InetAddress, BgpSession> sessions) {
    this.sessions = sessions;
  }

  /** Installing keys for {@code peers} begins: until {@link #keysInstalled}, they are refused. */
  void installingKeys(Set<InetAddress> peers) {
    keysNotInstalled = Set.copyOf(peers);
  }

  /** The keys last asked for are on the listening socket. */
  void keysInstalled() {
    keysNotInstalled = Set.of();
  }

  /** The session for a connection from {@code remote}, or null when it must be closed. */
  @Override
  public BgpSession apply(InetAddress remote) {
    InetAddress peer = unmapped(remote);
    if (keysNotInstalled.contains(peer)) {
      log.warn(
          "peer={} event=connection-rejected reason=\"the peer has a TCP MD5 password whose key"
              + " the listening socket does not hold; an unsigned session is never accepted\"",
          InetAddresses.toAddrString(peer));
      return null;
    }
    BgpSession session = sessions.apply(peer);
    if (session == null) {
      // One key for every address: a flood from many addresses is still one line an interval.
      long repeats = unconfiguredWarnings.admit("not a configured peer");
      if (repeats >= 0) {
        log.warn(
            "peer={} event=connection-rejected reason=\"not a configured peer\"{}",
            InetAddresses.toAddrString(peer),
            LogRateLimiter.repeats(repeats));
      }
    }
    return session;
  }

  /** An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d; peers are keyed by a.b.c.d. */
  private static InetAddress unmapped(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress());
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
