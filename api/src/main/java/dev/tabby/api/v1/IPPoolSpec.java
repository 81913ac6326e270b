package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired state of an {@link IPPool}. The rules below make the API server refuse what the allocator
 * would ignore; they need Kubernetes 1.31 or later (CEL's {@code isCIDR} and {@code cidr()}).
 */
@ValidationRule(
    value =
        "has(self.blockSize) == has(oldSelf.blockSize)"
            + " && (!has(self.blockSize) || self.blockSize == oldSelf.blockSize)",
    message = "blockSize is immutable: it cannot be set, changed or removed once the pool exists")
@ValidationRule(
    value =
        "!has(self.blockSize) || !isCIDR(self.cidr) || (cidr(self.cidr).ip().family() == 4"
            + " ? self.blockSize >= 20 && self.blockSize <= 32"
            + " : self.blockSize >= 116 && self.blockSize <= 128)",
    message = "blockSize must be 20 to 32 for an IPv4 cidr, 116 to 128 for an IPv6 cidr")
@ValidationRule(
    value =
        "!has(self.blockSize) || !isCIDR(self.cidr)"
            + " || self.blockSize >= cidr(self.cidr).prefixLength()",
    message =
        "blockSize must be at least the cidr's prefix length: a block cannot be larger than its pool")
public class IPPoolSpec {
  /** IPv4 blocks hold 64 addresses unless the pool says otherwise. */
  public static final int DEFAULT_IPV4_BLOCK_SIZE = 26;

  /** IPv6 blocks hold 64 addresses unless the pool says otherwise. */
  public static final int DEFAULT_IPV6_BLOCK_SIZE = 122;

  /** The longest written prefix, an IPv6 address in full with "/128", bounds the rules' cost. */
  private static final int MAX_CIDR_LENGTH = 43;

  @Required
  @Size(max = MAX_CIDR_LENGTH)
  @ValidationRule(value = "self == oldSelf", message = "cidr is immutable")
  @ValidationRule(
      value = "isCIDR(self)",
      message = "cidr must be an IP prefix such as 10.244.0.0/16 or fd00:10:244::/56")
  @ValidationRule(
      value = "!isCIDR(self) || cidr(self) == cidr(self).masked()",
      message = "cidr must be masked: no address bits after the prefix length")
  private String cidr;

  /** Absent means the family's default; see the class's rules for its immutability and range. */
  @Min(20)
  @Max(128)
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
