package dev.tabby.ipam;

import dev.tabby.net.IpAddress;
import java.util.Set;

/**
 * What tells one pod from another of the same name: its UID, and the addresses its status reports
 * (none while it is being created).
 *
 * @param uid metadata.uid, or null when the view does not know it
 * @param addresses status.podIPs
 */
public record PodIdentity(String uid, Set<IpAddress> addresses) {
  public PodIdentity {
    addresses = Set.copyOf(addresses);
  }
}
