package dev.tabby.api.v1;

/** How the next hop of routes sent to a peer is chosen. */
public enum NextHopMode {
  /** eBGP sets itself, iBGP keeps the received next hop. */
  Auto,
  /** Always set the node's own address. */
  Self,
  /** Never change the next hop. */
  Keep
}
