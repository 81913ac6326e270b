package dev.tabby.ipam.pool;

import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.net.IpFamily;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses pools that would break the network model: pod addresses must be unique in the cluster and
 * must not shadow node networks, the service range, or link-local addresses. A pure function of the
 * pool, the other pools, the node and service ranges and the blocks in use: tabby-controller
 * records its verdict on each pool, and {@code tabbyctl apply} can refuse a pool before writing it.
 */
public final class PoolValidator {
  /** Blocks smaller than this many host bits make too many routes; larger ones waste space. */
  private static final int MIN_V4_BLOCK = 20;

  private static final int MIN_V6_BLOCK = 116;
  private static final List<IpPrefix> LINK_LOCAL =
      List.of(IpPrefix.parse("169.254.0.0/16"), IpPrefix.parse("fe80::/10"));

  private final List<NodeRange> nodeRanges;
  private final List<IpPrefix> serviceCidrs;

  /**
   * @param nodeRanges the node networks and addresses no pool may cover
   * @param serviceCidrs the cluster's service IP ranges
   */
  public PoolValidator(List<NodeRange> nodeRanges, List<IpPrefix> serviceCidrs) {
    this.nodeRanges = List.copyOf(nodeRanges);
    this.serviceCidrs = List.copyOf(serviceCidrs);
  }

  /** Judges pools alone and against each other, knowing no node or service range. */
  public static PoolValidator poolsOnly() {
    return new PoolValidator(List.of(), List.of());
  }

  /** Throws {@link InvalidPoolException} listing every problem of {@code pool}. */
  public void validate(IPPool pool, List<IPPool> existingPools) {
    List<String> problems = problems(pool, existingPools);
    if (!problems.isEmpty()) {
      throw new InvalidPoolException(nameOf(pool), problems);
    }
  }

  /** The message of every problem of {@code pool}; empty when it may be accepted. */
  public List<String> problems(IPPool pool, List<IPPool> existingPools) {
    return check(pool, existingPools, List.of()).stream().map(PoolProblem::message).toList();
  }

  /**
   * Every problem of {@code pool} among {@code existingPools}, given the blocks in the datastore
   * (which make a change of the pool's cidr, against the one its status says it serves, refused).
   */
  public List<PoolProblem> check(IPPool pool, List<IPPool> existingPools, List<IpPrefix> blocks) {
    List<PoolProblem> problems = new ArrayList<>();
    IPPoolSpec spec = pool.getSpec();
    if (spec == null) {
      problems.add(new PoolProblem(PoolProblem.INVALID_CIDR, "spec is missing"));
      return problems;
    }
    if (spec.getCidr() == null || spec.getCidr().isBlank()) {
      problems.add(new PoolProblem(PoolProblem.INVALID_CIDR, "cidr is missing"));
      return problems;
    }
    IpPrefix cidr;
    try {
      cidr = IpPrefix.parse(spec.getCidr());
    } catch (IllegalArgumentException e) {
      problems.add(new PoolProblem(PoolProblem.INVALID_CIDR, e.getMessage()));
      return problems;
    }
    checkCidrChange(pool, cidr, blocks, problems);
    checkBlockSize(cidr, Pool.effectiveBlockSize(spec, cidr.family()), problems);
    try {
      NodeSelector.parse(spec.getNodeSelector());
    } catch (IllegalArgumentException e) {
      problems.add(new PoolProblem(PoolProblem.INVALID_NODE_SELECTOR, e.getMessage()));
    }
    for (IpPrefix linkLocal : LINK_LOCAL) {
      if (cidr.overlaps(linkLocal)) {
        problems.add(
            new PoolProblem(
                PoolProblem.OVERLAPS_LINK_LOCAL,
                "cidr " + cidr + " overlaps the link-local range " + linkLocal));
      }
    }
    for (NodeRange node : nodeRanges) {
      if (cidr.overlaps(node.range())) {
        problems.add(
            new PoolProblem(
                PoolProblem.OVERLAPS_NODE_NETWORK,
                "cidr " + cidr + " overlaps " + node.description()));
      }
    }
    for (IpPrefix service : serviceCidrs) {
      if (cidr.overlaps(service)) {
        problems.add(
            new PoolProblem(
                PoolProblem.OVERLAPS_SERVICE_RANGE,
                "cidr " + cidr + " overlaps the service CIDR " + service));
      }
    }
    checkOverlapWithPools(pool, cidr, existingPools, problems);
    return problems;
  }

  /**
   * Blocks are cut from the cidr a pool serves; changing it under them would orphan them, so the
   * change is refused while any of them exists, and the pool keeps serving the old cidr.
   */
  private static void checkCidrChange(
      IPPool pool, IpPrefix cidr, List<IpPrefix> blocks, List<PoolProblem> problems) {
    if (pool.getStatus() == null || pool.getStatus().getCidr() == null) {
      return;
    }
    IpPrefix served;
    try {
      served = IpPrefix.parse(pool.getStatus().getCidr());
    } catch (IllegalArgumentException e) {
      return; // nothing readable was ever served
    }
    if (served.equals(cidr)) {
      return;
    }
    List<IpPrefix> inUse = blocks.stream().filter(served::contains).sorted().toList();
    if (!inUse.isEmpty()) {
      problems.add(
          new PoolProblem(
              PoolProblem.CIDR_CHANGE_REFUSED,
              "cidr changed from "
                  + served
                  + " to "
                  + cidr
                  + " while "
                  + inUse.size()
                  + " blocks of "
                  + served
                  + " are in use (first "
                  + inUse.get(0)
                  + "): the pool keeps serving "
                  + served
                  + "; set cidr back, or create a new pool and delete this one"));
    }
  }

  private static void checkBlockSize(IpPrefix cidr, int blockSize, List<PoolProblem> problems) {
    int min = cidr.family() == IpFamily.V4 ? MIN_V4_BLOCK : MIN_V6_BLOCK;
    int max = cidr.family().bits();
    if (blockSize < min || blockSize > max) {
      problems.add(
          new PoolProblem(
              PoolProblem.INVALID_BLOCK_SIZE,
              "blockSize "
                  + blockSize
                  + " is out of range for "
                  + cidr.family()
                  + " (allowed "
                  + min
                  + " to "
                  + max
                  + ")"));
    } else if (blockSize < cidr.length()) {
      problems.add(
          new PoolProblem(
              PoolProblem.INVALID_BLOCK_SIZE,
              "blockSize /"
                  + blockSize
                  + " is larger than the pool "
                  + cidr
                  + " it would be cut from"));
    }
  }

  private static void checkOverlapWithPools(
      IPPool pool, IpPrefix cidr, List<IPPool> existingPools, List<PoolProblem> problems) {
    String name = nameOf(pool);
    for (IPPool other : existingPools) {
      String otherName = nameOf(other);
      if (otherName.equals(name) || other.getSpec() == null || other.getSpec().getCidr() == null) {
        continue;
      }
      IpPrefix otherCidr;
      try {
        otherCidr = IpPrefix.parseAndMask(other.getSpec().getCidr());
      } catch (IllegalArgumentException e) {
        continue; // an unreadable pool is reported when that pool is validated
      }
      if (cidr.overlaps(otherCidr)) {
        problems.add(
            new PoolProblem(
                PoolProblem.OVERLAPS_POOL,
                "cidr " + cidr + " overlaps IPPool " + otherName + " (" + otherCidr + ")"));
      }
    }
  }

  private static String nameOf(IPPool pool) {
    return pool.getMetadata() == null ? "" : pool.getMetadata().getName();
  }
}
