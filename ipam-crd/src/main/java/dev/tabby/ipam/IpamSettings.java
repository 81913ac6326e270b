package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMConfig;
import dev.tabby.api.v1.IPAMConfigSpec;
import dev.tabby.ipam.store.Datastore;

/** The cluster's IPAMConfig named {@code default}, or the defaults when there is none. */
public record IpamSettings(
    boolean strictAffinity, int maxBlocksPerHost, boolean autoAllocateBlocks) {
  public static final String CONFIG_NAME = "default";

  public static IpamSettings read(Datastore datastore) {
    return of(datastore.configs().get(CONFIG_NAME).orElse(null));
  }

  /** The settings of {@code config}, or the defaults for null. */
  public static IpamSettings of(IPAMConfig config) {
    IPAMConfigSpec spec = config == null ? new IPAMConfigSpec() : config.getSpec();
    return new IpamSettings(
        spec.isStrictAffinity(), spec.getMaxBlocksPerHost(), spec.isAutoAllocateBlocks());
  }

  boolean mayClaimMore(int blocksHeld) {
    return autoAllocateBlocks && (maxBlocksPerHost == 0 || blocksHeld < maxBlocksPerHost);
  }
}
