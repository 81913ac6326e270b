package dev.tabby.ipam;

import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.v1.IPAMConfig;
import dev.tabby.ipam.v1.IPAMConfigSpec;

/** The cluster's IPAMConfig named {@code default}, or the defaults when there is none. */
record IpamSettings(boolean strictAffinity, int maxBlocksPerHost, boolean autoAllocateBlocks) {
  static final String CONFIG_NAME = "default";

  static IpamSettings read(Datastore datastore) {
    IPAMConfigSpec spec =
        datastore
            .configs()
            .get(CONFIG_NAME)
            .map(IPAMConfig::getSpec)
            .orElseGet(IPAMConfigSpec::new);
    return new IpamSettings(
        spec.isStrictAffinity(), spec.getMaxBlocksPerHost(), spec.isAutoAllocateBlocks());
  }

  boolean mayClaimMore(int blocksHeld) {
    return autoAllocateBlocks && (maxBlocksPerHost == 0 || blocksHeld < maxBlocksPerHost);
  }
}
