package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** The addresses one handle holds, counted per block. */
public class IPAMHandleSpec {
  @Required
  @ValidationRule(value = "self == oldSelf", message = "handleID is immutable")
  private String handleID;

  private Map<String, Integer> block = new LinkedHashMap<>();

  private boolean deleted;

  public IPAMHandleSpec() {}

  public IPAMHandleSpec(String handleID) {
    this.handleID = handleID;
  }

  public String getHandleID() {
    return handleID;
  }

  public void setHandleID(String handleID) {
    this.handleID = handleID;
  }

  /** Block CIDR to the number of this handle's addresses in that block. */
  public Map<String, Integer> getBlock() {
    return block;
  }

  public void setBlock(Map<String, Integer> block) {
    this.block = block;
  }

  /** Soft delete: set by a compare-and-swap update before the object is removed. */
  public boolean isDeleted() {
    return deleted;
  }

  public void setDeleted(boolean deleted) {
    this.deleted = deleted;
  }
}
