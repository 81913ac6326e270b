package dev.tabby.ipam.pool;

import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.ipam.net.Cidr;
import dev.tabby.ipam.net.IpFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses pools that would break the network model: pod addresses must be unique in the cluster and
 * must not shadow node networks, the service range, or link-local addresses.
 */
public final class PoolValidator {
  /** Blocks smaller than this many host bits make too many routes; larger ones waste space. */
  private static final int MIN_V4_BLOCK = 20;

  private static final int MIN_V6_BLOCK = 116;
  private static final List<Cidr> LINK_LOCAL =
      List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"));

  private final List<Cidr> nodeNetworks;
  private final List<Cidr> serviceCidrs;

  /**
   * @param nodeNetworks the networks node addresses live in
   * @param serviceCidrs the cluster's service IP ranges
   */
  public PoolValidator(List<Cidr> nodeNetworks, List<Cidr> serviceCidrs) {
    this.nodeNetworks = List.copyOf(nodeNetworks);
    this.serviceCidrs = List.copyOf(serviceCidrs);
  }

  /** Throws {@link InvalidPoolException} listing every problem of {@code pool}. */
  public void validate(IPPool pool, List<IPPool> existingPools) {
    String name = nameOf(pool);
    List<String> problems = problems(pool, existingPools);
    if (!problems.isEmpty()) {
      throw new InvalidPoolException(name, problems);
    }
  }

  /** Every problem of {@code pool}; empty when it may be accepted. */
  public List<String> problems(IPPool pool, List<IPPool> existingPools) {
    List<String> problems = new ArrayList<>();
    IPPoolSpec spec = pool.getSpec();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    if (spec.getCidr() == null || spec.getCidr().isBlank()) {
      problems.add("cidr is missing");
      return problems;
    }
    Cidr cidr;
    try {
      cidr = Cidr.parse(spec.getCidr());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return problems;
    }
    checkBlockSize(cidr, Pool.effectiveBlockSize(spec, cidr.family()), problems);
    try {
      NodeSelector.parse(spec.getNodeSelector());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    for (Cidr linkLocal : LINK_LOCAL) {
      if (cidr.overlaps(linkLocal)) {
        problems.add("cidr " + cidr + " overlaps the link-local range " + linkLocal);
      }
    }
    for (Cidr network : nodeNetworks) {
      if (cidr.overlaps(network)) {
        problems.add("cidr " + cidr + " overlaps the node network " + network);
      }
    }
    for (Cidr service : serviceCidrs) {
      if (cidr.overlaps(service)) {
        problems.add("cidr " + cidr + " overlaps the service CIDR " + service);
      }
    }
    checkOverlapWithPools(pool, cidr, existingPools, problems);
    return problems;
  }

  private static void checkBlockSize(Cidr cidr, int blockSize, List<String> problems) {
    int min = cidr.family() == IpFamily.V4 ? MIN_V4_BLOCK : MIN_V6_BLOCK;
    int max = cidr.family().bits();
    if (blockSize < min || blockSize > max) {
      problems.add(
          "blockSize "
              + blockSize
              + " is out of range for "
              + cidr.family()
              + " (allowed "
              + min
              + " to "
              + max
              + ")");
    } else if (blockSize < cidr.prefixLength()) {
      problems.add(
          "blockSize /" + blockSize + " is larger than the pool " + cidr + " it would be cut from");
    }
  }

  private static void checkOverlapWithPools(
      IPPool pool, Cidr cidr, List<IPPool> existingPools, List<String> problems) {
    String name = nameOf(pool);
    for (IPPool other : existingPools) {
      String otherName = nameOf(other);
      if (otherName.equals(name) || other.getSpec() == null || other.getSpec().getCidr() == null) {
        continue;
      }
      Cidr otherCidr;
      try {
        otherCidr = Cidr.parseAndMask(other.getSpec().getCidr());
      } catch (IllegalArgumentException e) {
        continue; // an unreadable pool is reported when that pool is validated
      }
      if (cidr.overlaps(otherCidr)) {
        problems.add("cidr " + cidr + " overlaps IPPool " + otherName + " (" + otherCidr + ")");
      }
    }
  }

  private static String nameOf(IPPool pool) {
    return pool.getMetadata() == null ? "" : pool.getMetadata().getName();
  }
}
