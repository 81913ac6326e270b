package dev.tabby.ipam.pool;

import dev.tabby.api.v1.AllowedUse;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.net.IpFamily;
import dev.tabby.net.IpPrefix;
import java.util.Map;

/**
 * An {@link IPPool} read and defaulted, for the allocator: parsed CIDR, effective block size. A
 * pool being deleted counts as disabled: it keeps its addresses until they are released, and gives
 * no new ones.
 */
public record Pool(
    String name,
    IpPrefix cidr,
    int blockSize,
    NodeSelector nodeSelector,
    boolean disabled,
    boolean forWorkloads) {

  /** Reads a pool; throws IllegalArgumentException naming the pool if it cannot be read. */
  public static Pool of(IPPool pool) {
    String name = pool.getMetadata().getName();
    IPPoolSpec spec = pool.getSpec();
    try {
      IpPrefix cidr = IpPrefix.parse(spec.getCidr());
      return new Pool(
          name,
          cidr,
          effectiveBlockSize(spec, cidr.family()),
          NodeSelector.parse(spec.getNodeSelector()),
          spec.isDisabled() || pool.getMetadata().getDeletionTimestamp() != null,
          spec.getAllowedUses() == null
              || spec.getAllowedUses().isEmpty()
              || spec.getAllowedUses().contains(AllowedUse.Workload));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("IPPool " + name + ": " + e.getMessage(), e);
    }
  }

  /** The pool's block size, or the family's default when the pool does not set one. */
  public static int effectiveBlockSize(IPPoolSpec spec, IpFamily family) {
    if (spec.getBlockSize() != null) {
      return spec.getBlockSize();
    }
    return family == IpFamily.V4
        ? IPPoolSpec.DEFAULT_IPV4_BLOCK_SIZE
        : IPPoolSpec.DEFAULT_IPV6_BLOCK_SIZE;
  }

  public IpFamily family() {
    return cidr.family();
  }

  /** Whether a pod on a node with these labels may get a new address from this pool. */
  public boolean servesWorkloadsOn(Map<String, String> nodeLabels) {
    return !disabled && forWorkloads && nodeSelector.matches(nodeLabels);
  }
}
