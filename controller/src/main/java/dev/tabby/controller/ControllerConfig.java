package dev.tabby.controller;

import dev.tabby.api.v1.IPPool;
import dev.tabby.net.IpPrefix;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What tabby-controller is told; see {@link ControllerOptions} for the flags and environment
 * variables, and controller/README.md.
 *
 * @param serviceRanges the cluster's service ranges, which no pool may overlap
 * @param nodeNetworks node networks no pool may overlap, beyond the addresses Nodes report
 * @param defaultPools the pools made when the cluster has none ({@link DefaultPools})
 * @param lease where leadership is held
 * @param gracePeriod how long an address, block or node must look unused before it is released
 * @param gcInterval how often the leader collects garbage
 * @param resyncInterval how often the leader judges every pool again without an event
 * @param http where /livez, /readyz and /metrics are served
 */
public record ControllerConfig(
    List<IpPrefix> serviceRanges,
    List<IpPrefix> nodeNetworks,
    List<IPPool> defaultPools,
    LeaseConfig lease,
    Duration gracePeriod,
    Duration gcInterval,
    Duration resyncInterval,
    InetSocketAddress http) {

  /**
   * The Lease through which one replica leads.
   *
   * @param identity this replica's name in the Lease (its pod name)
   * @param duration how long a leader's claim lasts unrenewed before another may take over
   * @param renewDeadline how long a leader keeps trying to renew before it stops acting
   * @param retryPeriod how often candidates try to take the Lease and the leader renews it
   */
  public record LeaseConfig(
      String namespace,
      String name,
      String identity,
      Duration duration,
      Duration renewDeadline,
      Duration retryPeriod) {

    public LeaseConfig {
      if (renewDeadline.compareTo(duration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException(
            "the lease timings must satisfy retry period ("
                + retryPeriod
                + ") < renew deadline ("
                + renewDeadline
                + ") < lease duration ("
                + duration
                + ")");
      }
    }
  }
}
