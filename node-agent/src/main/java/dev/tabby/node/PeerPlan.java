package dev.tabby.node;

import dev.tabby.bgp.PeerConfig;
import java.util.List;

/**
 * The peers the resources ask for, and what in the resources could not be used.
 *
 * @param peers one per peer address
 * @param problems one line each, naming the resource and the field
 */
public record PeerPlan(List<PeerConfig> peers, List<String> problems) {
  public PeerPlan {
    peers = List.copyOf(peers);
    problems = List.copyOf(problems);
  }
}
