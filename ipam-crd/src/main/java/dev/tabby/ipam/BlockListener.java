package dev.tabby.ipam;

import dev.tabby.net.IpPrefix;

/**
 * Told when a node gains or loses a block ({@link NodeBlocks}). Called on the watch's thread, one
 * event at a time and in order; a listener that must do slow work should hand it on.
 */
public interface BlockListener {
  /** The node's affinity for {@code block} is confirmed: the node serves addresses from it. */
  void claimed(IpPrefix block);

  /** The node no longer holds {@code block} (released empty, given back, or its node deleted). */
  void released(IpPrefix block);
}
