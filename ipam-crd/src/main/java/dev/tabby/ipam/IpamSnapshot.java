package dev.tabby.ipam;

import dev.tabby.ipam.pool.Pool;
import java.util.List;

/** The cluster's IPAM configuration as one consistent read: settings, pools, reservations. */
public record IpamSnapshot(IpamSettings settings, List<Pool> pools, Reservations reservations) {}
