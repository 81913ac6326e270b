package dev.tabby.bgp.daemon;

import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.PeerRange;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The daemon's whole configuration, as read from its YAML file.
 *
 * @param speaker router ID, AS, listen address
 * @param http where the JSON state endpoint listens
 * @param peers the neighbours
 * @param bfd the neighbours with BFD enabled, by address, with their BFD options
 * @param peerRanges where dynamic neighbours may connect from
 * @param prefixes the routes this speaker originates
 * @param warmup run the receive-path warm-up before the speaker starts
 * @param maxRoutes the speaker's route budget; 0: derived from the maximum heap
 * @param rangeBfd the peer ranges whose dynamic neighbours get BFD, by prefix, with their BFD
 *     options
 */
public record DaemonConfig(
    SpeakerConfig speaker,
    InetSocketAddress http,
    List<PeerConfig> peers,
    Map<InetAddress, BfdOptions> bfd,
    List<PeerRange> peerRanges,
    List<OriginatedPrefix> prefixes,
    boolean warmup,
    long maxRoutes,
    Map<IpPrefix, BfdOptions> rangeBfd) {

  public DaemonConfig {
    peers = List.copyOf(peers);
    bfd = Map.copyOf(bfd);
    peerRanges = List.copyOf(peerRanges);
    prefixes = List.copyOf(prefixes);
    rangeBfd = Map.copyOf(rangeBfd);
  }

  /** A route to originate, with the communities to tag it with. */
  public record OriginatedPrefix(IpPrefix prefix, List<Integer> communities) {
    public OriginatedPrefix {
      communities = List.copyOf(communities);
    }
  }
}
