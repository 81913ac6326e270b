package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;

/** What one or more allocations of a block were made for: the handle and the owning pod. */
public class AllocationAttribute {
  @Required private String handleId;
  private AllocationOwner owner;

  public AllocationAttribute() {}

  public AllocationAttribute(String handleId, AllocationOwner owner) {
    this.handleId = handleId;
    this.owner = owner;
  }

  public String getHandleId() {
    return handleId;
  }

  public void setHandleId(String handleId) {
    this.handleId = handleId;
  }

  public AllocationOwner getOwner() {
    return owner;
  }

  public void setOwner(AllocationOwner owner) {
    this.owner = owner;
  }
}
