package dev.tabby.bgp;

import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.wire.AddressFamily;
import java.net.InetAddress;

/**
 * A peer's accepted prefixes of one family crossed a mark of its prefix limit; each kind happens at
 * most once per session and family.
 *
 * @param peer the peer's address
 * @param family the family whose count crossed
 * @param kind which mark
 * @param prefixes the accepted prefixes of the family at that moment
 * @param limit the limit crossed
 */
public record PrefixLimitEvent(
    InetAddress peer, AddressFamily family, Kind kind, long prefixes, PrefixLimit limit) {

  /** Which mark was crossed. */
  public enum Kind {
    /** The warning threshold ({@link PrefixLimit#warningThreshold()}) was reached. */
    WARNING,
    /** The maximum was exceeded under a warn-only limit: the session and its routes stay. */
    EXCEEDED,
    /** The maximum was exceeded: the session ends with Cease 6/1 and stays down a while. */
    TEARDOWN
  }
}
