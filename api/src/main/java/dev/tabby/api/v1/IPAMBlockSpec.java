package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allocation state of every address of a block. Addresses are named by their ordinal (offset
 * from the block's first address). An ordinal is either a key of {@code allocations} or an entry of
 * {@code unallocated}, never both.
 */
public class IPAMBlockSpec {
  @Required
  @ValidationRule(value = "self == oldSelf", message = "cidr is immutable")
  private String cidr;

  private String affinity;

  private Map<String, Integer> allocations = new LinkedHashMap<>();

  private List<Integer> unallocated = new ArrayList<>();

  private List<AllocationAttribute> attributes = new ArrayList<>();

  private long sequenceNumber;

  private Map<String, Long> sequenceNumberForAllocation = new LinkedHashMap<>();

  private boolean deleted;

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  /** {@code host:<node>} for a block a node claimed; absent once that node is gone. */
  public String getAffinity() {
    return affinity;
  }

  public void setAffinity(String affinity) {
    this.affinity = affinity;
  }

  /** Allocated ordinal (as a decimal string) to the index of its entry in {@code attributes}. */
  public Map<String, Integer> getAllocations() {
    return allocations;
  }

  public void setAllocations(Map<String, Integer> allocations) {
    this.allocations = allocations;
  }

  /** Free ordinals in the order they will be handed out. */
  public List<Integer> getUnallocated() {
    return unallocated;
  }

  public void setUnallocated(List<Integer> unallocated) {
    this.unallocated = unallocated;
  }

  public List<AllocationAttribute> getAttributes() {
    return attributes;
  }

  public void setAttributes(List<AllocationAttribute> attributes) {
    this.attributes = attributes;
  }

  /** Incremented by every assignment; lets a release name exactly the assignment it undoes. */
  public long getSequenceNumber() {
    return sequenceNumber;
  }

  public void setSequenceNumber(long sequenceNumber) {
    this.sequenceNumber = sequenceNumber;
  }

  /** Allocated ordinal (as a decimal string) to the sequence number of its assignment. */
  public Map<String, Long> getSequenceNumberForAllocation() {
    return sequenceNumberForAllocation;
  }

  public void setSequenceNumberForAllocation(Map<String, Long> sequenceNumberForAllocation) {
    this.sequenceNumberForAllocation = sequenceNumberForAllocation;
  }

  /** Set just before the block is deleted, so no assignment can race the deletion. */
  public boolean isDeleted() {
    return deleted;
  }

  public void setDeleted(boolean deleted) {
    this.deleted = deleted;
  }
}
