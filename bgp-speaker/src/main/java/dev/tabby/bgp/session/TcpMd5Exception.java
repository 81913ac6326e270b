package dev.tabby.bgp.session;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;

/**
 * A peer's TCP MD5 signature key cannot be applied, so its sessions are refused: the message says
 * why and what to change.
 */
public final class TcpMd5Exception extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  TcpMd5Exception(InetAddress peer, String problem) {
    this(List.of(peer), problem);
  }

  TcpMd5Exception(Collection<InetAddress> peers, String problem) {
    super("TCP MD5 password of peer " + describe(peers) + " " + problem);
  }

  private static String describe(Collection<InetAddress> peers) {
    return String.join(",", peers.stream().map(InetAddresses::toAddrString).sorted().toList());
  }
}
