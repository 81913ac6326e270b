package dev.tabby.ipam;

import dev.tabby.api.v1.AllocationAttribute;
import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.api.v1.IPAMBlockSpec;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The address bookkeeping of one block, applied in place to an {@link IPAMBlockSpec}: which
 * ordinals are allocated, to which handle and pod, and under which sequence number.
 */
public final class BlockAllocations {
  private static final String HOST_AFFINITY_PREFIX = "host:";

  private final IPAMBlockSpec spec;
  private final IpPrefix cidr;

  public BlockAllocations(IPAMBlockSpec spec) {
    this.spec = spec;
    this.cidr = IpPrefix.parse(spec.getCidr());
  }

  /** A new block with every ordinal free, affine to {@code node} (or to none when null). */
  public static IPAMBlockSpec newBlock(IpPrefix cidr, String node) {
    if (cidr.size().compareTo(BigInteger.valueOf(1 << 16)) > 0) {
      throw new IllegalArgumentException("block " + cidr + " is too large to track per address");
    }
    IPAMBlockSpec spec = new IPAMBlockSpec();
    spec.setCidr(cidr.toString());
    spec.setAffinity(node == null ? null : HOST_AFFINITY_PREFIX + node);
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < cidr.size().intValue(); i++) {
      free.add(i);
    }
    spec.setUnallocated(free);
    return spec;
  }

  /** The node a block is affine to, or null. */
  public static String affineNode(IPAMBlockSpec spec) {
    String affinity = spec.getAffinity();
    return affinity != null && affinity.startsWith(HOST_AFFINITY_PREFIX)
        ? affinity.substring(HOST_AFFINITY_PREFIX.length())
        : null;
  }

  public IpPrefix cidr() {
    return cidr;
  }

  public int size() {
    return cidr.size().intValue();
  }

  public int allocatedCount() {
    return spec.getAllocations().size();
  }

  public boolean isEmpty() {
    return spec.getAllocations().isEmpty();
  }

  /** One completed assignment: the address and the sequence number that names it. */
  public record Assigned(IpAddress address, long sequenceNumber) {}

  /**
   * Assigns the first free ordinal accepted by {@code usable} (reservations say no) to the handle.
   */
  public Optional<Assigned> assign(String handleId, AllocationOwner owner, IntPredicate usable) {
    for (Iterator<Integer> it = spec.getUnallocated().iterator(); it.hasNext(); ) {
      int ordinal = it.next();
      if (!usable.test(ordinal)) {
        continue;
      }
      it.remove();
      long sequence = spec.getSequenceNumber() + 1;
      spec.setSequenceNumber(sequence);
      spec.getAllocations().put(Integer.toString(ordinal), attributeIndex(handleId, owner));
      spec.getSequenceNumberForAllocation().put(Integer.toString(ordinal), sequence);
      return Optional.of(new Assigned(cidr.addressAt(ordinal), sequence));
    }
    return Optional.empty();
  }

  private int attributeIndex(String handleId, AllocationOwner owner) {
    List<AllocationAttribute> attributes = spec.getAttributes();
    for (int i = 0; i < attributes.size(); i++) {
      AllocationAttribute a = attributes.get(i);
      if (a.getHandleId().equals(handleId) && sameOwner(a.getOwner(), owner)) {
        return i;
      }
    }
    attributes.add(new AllocationAttribute(handleId, owner));
    return attributes.size() - 1;
  }

  private static boolean sameOwner(AllocationOwner a, AllocationOwner b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getPod(), b.getPod())
        && Objects.equals(a.getNamespace(), b.getNamespace())
        && Objects.equals(a.getNode(), b.getNode());
  }

  /** What a release did. */
  public enum ReleaseOutcome {
    RELEASED,
    /** The address was free already: a repeated release. */
    NOT_ALLOCATED,
    /** The address was released and assigned again since the caller looked: not ours to free. */
    STALE
  }

  /**
   * Frees {@code address}. With {@code expectedSequence} set, only the assignment with that
   * sequence number is freed, so a late or repeated release cannot free a newer assignment.
   */
  public ReleaseOutcome release(IpAddress address, Long expectedSequence) {
    String ordinal = Long.toString(cidr.ordinalOf(address));
    Integer attribute = spec.getAllocations().get(ordinal);
    if (attribute == null) {
      return ReleaseOutcome.NOT_ALLOCATED;
    }
    if (expectedSequence != null
        && !expectedSequence.equals(spec.getSequenceNumberForAllocation().get(ordinal))) {
      return ReleaseOutcome.STALE;
    }
    spec.getAllocations().remove(ordinal);
    spec.getSequenceNumberForAllocation().remove(ordinal);
    spec.getUnallocated().add(Integer.parseInt(ordinal));
    dropAttributeIfUnused(attribute);
    return ReleaseOutcome.RELEASED;
  }

  private void dropAttributeIfUnused(int index) {
    if (spec.getAllocations().containsValue(index)) {
      return;
    }
    spec.getAttributes().remove(index);
    spec.getAllocations().replaceAll((ordinal, i) -> i > index ? i - 1 : i);
  }

  /** Every allocated address with what it was allocated for. */
  public Map<IpAddress, Allocation> allocations() {
    Map<IpAddress, Allocation> result = new LinkedHashMap<>();
    spec.getAllocations()
        .forEach(
            (ordinal, index) -> {
              AllocationAttribute a = spec.getAttributes().get(index);
              Long sequence = spec.getSequenceNumberForAllocation().get(ordinal);
              IpAddress address = cidr.addressAt(Long.parseLong(ordinal));
              result.put(address, new Allocation(address, a.getHandleId(), a.getOwner(), sequence));
            });
    return result;
  }

  /** An allocated address, its handle, owner and sequence number. */
  public record Allocation(
      IpAddress address, String handleId, AllocationOwner owner, Long sequenceNumber) {}

  /** Addresses the handle holds in this block. */
  public List<IpAddress> addressesOf(String handleId) {
    List<IpAddress> result = new ArrayList<>();
    allocations().values().stream()
        .filter(a -> a.handleId().equals(handleId))
        .forEach(a -> result.add(a.address()));
    return result;
  }

  /** States the allocator can never produce; empty for a sound block. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    BitSet seen = new BitSet(size());
    for (Map.Entry<String, Integer> e : spec.getAllocations().entrySet()) {
      int ordinal = parseOrdinal(e.getKey(), problems);
      if (ordinal < 0) {
        continue;
      }
      seen.set(ordinal);
      if (e.getValue() == null || e.getValue() < 0 || e.getValue() >= spec.getAttributes().size()) {
        problems.add("ordinal " + ordinal + " points at missing attribute " + e.getValue());
      }
      if (!spec.getSequenceNumberForAllocation().containsKey(e.getKey())) {
        problems.add("ordinal " + ordinal + " is allocated without a sequence number");
      }
    }
    for (Integer ordinal : spec.getUnallocated()) {
      if (ordinal == null || ordinal < 0 || ordinal >= size()) {
        problems.add("free ordinal " + ordinal + " is outside the block");
      } else if (seen.get(ordinal)) {
        problems.add("ordinal " + ordinal + " is both allocated and free");
      } else {
        seen.set(ordinal);
      }
    }
    if (seen.cardinality() != size()) {
      problems.add(
          (size() - seen.cardinality()) + " ordinals are neither allocated nor free (or repeated)");
    }
    if (spec.getAllocations().size() + spec.getUnallocated().size() != size()) {
      problems.add("allocated plus free is not the block size " + size());
    }
    if (spec.isDeleted() && !spec.getAllocations().isEmpty()) {
      problems.add("marked deleted while holding " + spec.getAllocations().size() + " addresses");
    }
    return problems;
  }

  private int parseOrdinal(String key, List<String> problems) {
    try {
      int ordinal = Integer.parseInt(key);
      if (ordinal >= 0 && ordinal < size()) {
        return ordinal;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("allocation key '" + key + "' is not an ordinal of the block");
    return -1;
  }
}
