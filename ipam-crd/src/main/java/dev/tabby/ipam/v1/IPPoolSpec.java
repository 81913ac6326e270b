package dev.tabby.ipam.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an {@link IPPool}. */
public class IPPoolSpec {
  /** IPv4 blocks hold 64 addresses unless the pool says otherwise. */
  public static final int DEFAULT_IPV4_BLOCK_SIZE = 26;

  /** IPv6 blocks hold 64 addresses unless the pool says otherwise. */
  public static final int DEFAULT_IPV6_BLOCK_SIZE = 122;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "cidr is immutable")
  private String cidr;

  @Min(0)
  @Max(128)
  @ValidationRule(value = "self == oldSelf", message = "blockSize is immutable")
  private Integer blockSize;

  @Default("all()")
  private String nodeSelector = "all()";

  @Default("false")
  private boolean disabled;

  @Default("false")
  private boolean disableBGPExport;

  private List<AllowedUse> allowedUses = new ArrayList<>(List.of(AllowedUse.Workload));

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  /** The prefix length of this pool's blocks; absent means 26 for IPv4 and 122 for IPv6. */
  public Integer getBlockSize() {
    return blockSize;
  }

  public void setBlockSize(Integer blockSize) {
    this.blockSize = blockSize;
  }

  /** Which nodes may take blocks from this pool: {@code all()} or a label selector. */
  public String getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(String nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  /** A disabled pool keeps its existing assignments but gets no new ones. */
  public boolean isDisabled() {
    return disabled;
  }

  public void setDisabled(boolean disabled) {
    this.disabled = disabled;
  }

  public boolean isDisableBGPExport() {
    return disableBGPExport;
  }

  public void setDisableBGPExport(boolean disableBGPExport) {
    this.disableBGPExport = disableBGPExport;
  }

  /** Absent or empty means {@link AllowedUse#Workload}. */
  public List<AllowedUse> getAllowedUses() {
    return allowedUses;
  }

  public void setAllowedUses(List<AllowedUse> allowedUses) {
    this.allowedUses = allowedUses;
  }
}
