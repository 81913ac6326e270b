package dev.tabby.node;

import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.bfd.BfdOptions;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * The peers the resources ask for, and what in the resources could not be used.
 *
 * @param peers one per peer address
 * @param types what each peer is, by its address
 * @param problems one line each, naming the resource and the field
 * @param bfd the peers with BFD enabled, by address, with their BFD options
 */
public record PeerPlan(
    List<PeerConfig> peers,
    Map<InetAddress, PeerType> types,
    List<String> problems,
    Map<InetAddress, BfdOptions> bfd) {
  public PeerPlan {
    peers = List.copyOf(peers);
    types = Map.copyOf(types);
    problems = List.copyOf(problems);
    bfd = Map.copyOf(bfd);
  }
}
