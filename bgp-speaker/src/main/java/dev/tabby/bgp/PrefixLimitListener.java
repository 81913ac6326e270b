package dev.tabby.bgp;

/**
 * Told when a peer's prefixes cross its prefix limit; see {@link
 * BgpSpeaker#addPrefixLimitListener}.
 */
@FunctionalInterface
public interface PrefixLimitListener {

  /**
   * Called on the RIB thread as the crossing prefix is accepted: return quickly (count, do not
   * block), since every peer's routes wait meanwhile.
   */
  void prefixLimitCrossed(PrefixLimitEvent event);
}
