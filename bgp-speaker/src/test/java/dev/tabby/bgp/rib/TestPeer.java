package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link PeerInfo}s for tests: our AS is 65000, the peer's router ID its address. */
final class TestPeer {
  static final long LOCAL_AS = 65000;
  static final Inet4Address LOCAL_ROUTER_ID = ipv4("192.0.2.254");
  static final Inet4Address CLUSTER_ID = ipv4("192.0.2.100");

  private final InetAddress address;
  private long peerAs = LOCAL_AS;
  private Inet4Address routerId;
  private Set<AddressFamily> families = EnumSet.allOf(AddressFamily.class);
  private boolean client;
  private boolean nextHopSelf;
  private boolean enforceFirstAs = true;
  private boolean extendedMessages;
  private InetAddress localAddress = ipv4("192.0.2.254");
  private Inet6Address localLinkLocal;
  private RoutePolicy importPolicy = RoutePolicy.ACCEPT_ALL;
  private RoutePolicy exportPolicy = RoutePolicy.ACCEPT_ALL;
  private final Map<AddressFamily, PrefixLimit> prefixLimits = new EnumMap<>(AddressFamily.class);
  private Set<AddressFamily> pathIdsSent = Set.of();
  private AddPathSelection addPathSelection = AddPathSelection.MULTIPATH;
  private boolean extendedNextHop;
  private boolean longLivedGracefulRestart;

  private TestPeer(String address) {
    this.address = InetAddresses.forString(address);
    this.routerId = this.address instanceof Inet4Address a ? a : ipv4("198.51.100.1");
  }

  /** An iBGP peer (AS 65000). */
  static TestPeer ibgp(String address) {
    return new TestPeer(address);
  }

  static TestPeer ebgp(String address, long peerAs) {
    return new TestPeer(address).peerAs(peerAs);
  }

  TestPeer peerAs(long asn) {
    this.peerAs = asn;
    return this;
  }

  TestPeer routerId(String id) {
    this.routerId = ipv4(id);
    return this;
  }

  TestPeer families(AddressFamily... families) {
    this.families = Set.of(families);
    return this;
  }

  TestPeer client() {
    this.client = true;
    return this;
  }

  TestPeer nextHopSelf() {
    this.nextHopSelf = true;
    return this;
  }

  TestPeer localAddress(String address) {
    this.localAddress = InetAddresses.forString(address);
    return this;
  }

  TestPeer localLinkLocal(String address) {
    this.localLinkLocal = (Inet6Address) InetAddresses.forString(address);
    return this;
  }

  TestPeer enforceFirstAs(boolean enforce) {
    this.enforceFirstAs = enforce;
    return this;
  }

  TestPeer importPolicy(RoutePolicy policy) {
    this.importPolicy = policy;
    return this;
  }

  TestPeer exportPolicy(RoutePolicy policy) {
    this.exportPolicy = policy;
    return this;
  }

  TestPeer extendedMessages(boolean extendedMessages) {
    this.extendedMessages = extendedMessages;
    return this;
  }

  TestPeer extendedNextHop(boolean extendedNextHop) {
    this.extendedNextHop = extendedNextHop;
    return this;
  }

  TestPeer longLivedGracefulRestart() {
    longLivedGracefulRestart = true;
    return this;
  }

  TestPeer prefixLimit(AddressFamily family, PrefixLimit limit) {
    prefixLimits.put(family, limit);
    return this;
  }

  /** The peer takes several paths per prefix, with path identifiers, in these families. */
  TestPeer addPaths(AddPathSelection selection, AddressFamily... families) {
    this.pathIdsSent = Set.of(families);
    this.addPathSelection = selection;
    return this;
  }

  PeerInfo build() {
    return new PeerInfo(
        address,
        peerAs,
        LOCAL_AS,
        routerId,
        families,
        true,
        client,
        nextHopSelf,
        enforceFirstAs,
        localAddress,
        localLinkLocal,
        importPolicy,
        exportPolicy,
        prefixLimits,
        extendedMessages,
        pathIdsSent,
        addPathSelection,
        extendedNextHop,
        longLivedGracefulRestart);
  }

  /** {@code count} /24s from 10.0.0.0 + {@code first} /24s on. */
  static List<IpPrefix> prefixes(int first, int count) {
    List<IpPrefix> prefixes = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      prefixes.add(IpPrefix.ipv4(0x0A00_0000 + (i << 8), 24));
    }
    return prefixes;
  }

  static Inet4Address ipv4(String address) {
    return (Inet4Address) InetAddresses.forString(address);
  }

  static InetAddress ip(String address) {
    return InetAddresses.forString(address);
  }

  static IpPrefix prefix(String text) {
    return IpPrefix.parse(text);
  }

  /** Attributes with this AS path (a sequence) and next hop. */
  static PathAttributes.Builder attributes(String nextHop, long... asPath) {
    return PathAttributes.builder().asPath(AsPath.sequence(asPath)).nextHop(ip(nextHop));
  }

  static Route route(String prefix, PathAttributes attributes, PeerInfo source) {
    return new Route(prefix(prefix), attributes, source);
  }

  static Path path(PathAttributes attributes, PeerInfo source) {
    return new Path(attributes, source);
  }
}
