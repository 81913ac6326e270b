package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** How the allocator may use blocks. */
public class IPAMConfigSpec {
  @Default("false")
  private boolean strictAffinity;

  @Default("0")
  @Min(0)
  private int maxBlocksPerHost;

  @Default("true")
  private boolean autoAllocateBlocks = true;

  /** When true a node never borrows an address from another node's block. */
  public boolean isStrictAffinity() {
    return strictAffinity;
  }

  public void setStrictAffinity(boolean strictAffinity) {
    this.strictAffinity = strictAffinity;
  }

  /** The most blocks one node may claim; 0 means no limit. */
  public int getMaxBlocksPerHost() {
    return maxBlocksPerHost;
  }

  public void setMaxBlocksPerHost(int maxBlocksPerHost) {
    this.maxBlocksPerHost = maxBlocksPerHost;
  }

  /** When false nodes only use blocks they already have (or borrow). */
  public boolean isAutoAllocateBlocks() {
    return autoAllocateBlocks;
  }

  public void setAutoAllocateBlocks(boolean autoAllocateBlocks) {
    this.autoAllocateBlocks = autoAllocateBlocks;
  }
}
