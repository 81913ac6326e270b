package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PackedIpv4;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.Comparator;
import java.util.Objects;

/**
 * A route to a prefix as the RIB reports it: its (interned) attributes after import policy and
 * where it came from. Immutable, with value equality.
 *
 * <p>The RIB itself holds no object per route (see {@link Path}); it makes these when asked, for
 * listeners and queries. Lists of them can be long (a whole table), so an IPv4 prefix is kept
 * packed in a long ({@link IpPrefix#packIpv4(int, int)}) and {@link #prefix()} makes its object
 * when asked.
 */
public final class Route {
  /** Orders paths by prefix, as {@link IpPrefix} orders, without making prefix objects. */
  static final Comparator<Route> BY_PREFIX =
      (a, b) -> {
        if (a.ipv6Prefix == null && b.ipv6Prefix == null) {
          // Packed IPv4 prefixes are non-negative and sort like the prefixes.
          return Long.compare(a.packedIpv4, b.packedIpv4);
        }
        return a.prefix().compareTo(b.prefix());
      };

  /** The prefix when it is IPv4 (ipv6Prefix is then null). */
  private final long packedIpv4;

  /** The prefix when it is IPv6, else null. */
  private final IpPrefix ipv6Prefix;

  private final PathAttributes attributes;
  private final PeerInfo source;

  /**
   * @param source the peer it was learned from; {@code null} when originated by this speaker
   */
  public Route(IpPrefix prefix, PathAttributes attributes, PeerInfo source) {
    this.ipv6Prefix = prefix.isIpv6() ? prefix : null;
    this.packedIpv4 = prefix.isIpv6() ? 0 : PackedIpv4.of(prefix);
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.source = source;
  }

  public IpPrefix prefix() {
    return ipv6Prefix != null ? ipv6Prefix : PackedIpv4.toPrefix(packedIpv4);
  }

  public PathAttributes attributes() {
    return attributes;
  }

  /** The peer it was learned from; {@code null} when originated by this speaker. */
  public PeerInfo source() {
    return source;
  }

  public AddressFamily family() {
    return ipv6Prefix != null ? AddressFamily.IPV6_UNICAST : AddressFamily.IPV4_UNICAST;
  }

  public boolean locallyOriginated() {
    return source == null;
  }

  private boolean samePrefix(Route other) {
    return packedIpv4 == other.packedIpv4 && Objects.equals(ipv6Prefix, other.ipv6Prefix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Route p
        && samePrefix(p)
        && attributes.equals(p.attributes)
        && Objects.equals(source, p.source);
  }

  @Override
  public int hashCode() {
    int prefixHash = ipv6Prefix != null ? ipv6Prefix.hashCode() : Long.hashCode(packedIpv4);
    return (prefixHash * 31 + attributes.hashCode()) * 31 + Objects.hashCode(source);
  }

  /** Like "10.1.0.0/24 from 10.0.0.1 AS65001 PathAttributes[...]", or "... originated ...". */
  @Override
  public String toString() {
    return prefix() + " " + Path.describe(source, attributes);
  }
}
