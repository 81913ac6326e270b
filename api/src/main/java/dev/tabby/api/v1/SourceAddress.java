package dev.tabby.api.v1;

/** Which local address the BGP session binds to. */
public enum SourceAddress {
  /** The node's BGP address from its annotations. */
  UseNodeIP,
  /** Let the kernel choose. */
  None
}
