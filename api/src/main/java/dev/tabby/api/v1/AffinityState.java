package dev.tabby.api.v1;

/** The two-phase life of a block claim. */
public enum AffinityState {
  /** The node intends to claim the block; the block may not exist yet. */
  pending,
  /** The block exists and is affine to the node. */
  confirmed,
  /** The node is giving the block back. */
  pendingDeletion
}
