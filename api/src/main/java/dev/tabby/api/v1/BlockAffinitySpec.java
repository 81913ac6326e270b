package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Which node claims which block, and how far the claim has got. */
public class BlockAffinitySpec {
  @Required
  @ValidationRule(value = "self == oldSelf", message = "node is immutable")
  private String node;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "cidr is immutable")
  private String cidr;

  @Default("pending")
  private AffinityState state = AffinityState.pending;

  private boolean deleted;

  public BlockAffinitySpec() {}

  public BlockAffinitySpec(String node, String cidr, AffinityState state) {
    this.node = node;
    this.cidr = cidr;
    this.state = state;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public AffinityState getState() {
    return state;
  }

  public void setState(AffinityState state) {
    this.state = state;
  }

  /** Soft delete: set by a compare-and-swap update before the object is removed. */
  public boolean isDeleted() {
    return deleted;
  }

  public void setDeleted(boolean deleted) {
    this.deleted = deleted;
  }
}
