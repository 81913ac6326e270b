package dev.tabby.ipam;

import dev.tabby.ipam.pool.Pool;
import java.util.List;
import java.util.Map;

/**
 * The cluster's IPAM configuration as one consistent read: settings, the pools the allocator may
 * use, reservations, and the pools it ignores (name → why).
 */
public record IpamSnapshot(
    IpamSettings settings,
    List<Pool> pools,
    Reservations reservations,
    Map<String, String> ignoredPools) {

  /** A snapshot that ignores no pool. */
  public IpamSnapshot(IpamSettings settings, List<Pool> pools, Reservations reservations) {
    this(settings, pools, reservations, Map.of());
  }
}
