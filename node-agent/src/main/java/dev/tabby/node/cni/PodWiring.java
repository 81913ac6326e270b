package dev.tabby.node.cni;

import dev.tabby.dataplane.AddressFamilies;
import dev.tabby.dataplane.InterfaceAddress;
import dev.tabby.dataplane.Link;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.NextHop;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.Sysctls;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel side of a pod: a veth pair from the node's namespace into the pod's, the pod's
 * addresses as host routes (/32, /128), a default route through a link-local gateway, and on the
 * node a route to each pod address through the host end.
 *
 * <p>The pod reaches its gateway 169.254.1.1 by ARP, which the host end answers with proxy ARP; for
 * IPv6 the gateway is the host end's own link-local address, fixed by its fixed MAC.
 */
final class PodWiring {
  private static final Logger log = LoggerFactory.getLogger(PodWiring.class);

  /** The IPv4 gateway every pod routes through: answered by proxy ARP on the host end. */
  static final IpAddress GATEWAY_V4 = IpAddress.parse("169.254.1.1");

  /** The host end's MAC: every host end has it, so the IPv6 gateway is one fixed address. */
  static final String HOST_MAC = "ee:ee:ee:ee:ee:ee";

  /** The link-local (EUI-64) address the kernel gives the host end from {@link #HOST_MAC}. */
  static final IpAddress GATEWAY_V6 = IpAddress.parse("fe80::ecee:eeff:feee:eeee");

  /**
   * The routes ADD makes (to the pod on the node, to the gateway in the pod) carry the kernel's
   * "boot" protocol, as {@code ip route add} does: the route reconciler owns protocol 81 and must
   * never see these as its own.
   */
  static final int ROUTE_PROTOCOL = 3;

  private static final IpPrefix DEFAULT_V4 = IpPrefix.parse("0.0.0.0/0");
  private static final IpPrefix DEFAULT_V6 = IpPrefix.parse("::/0");

  private final NetworkNamespace node;
  private final Netlink nodeNetlink;

  PodWiring(NetworkNamespace node, Netlink nodeNetlink) {
    this.node = node;
    this.nodeNetlink = nodeNetlink;
  }

  /** What {@link #wire} made, for the CNI result. */
  record WiredPod(String hostVeth, String hostMac, String podMac) {}

  /** The wiring of one pod, as ADD asked for it and CHECK verifies it. */
  record PodLink(String hostVeth, Path netns, String ifName, int mtu, List<IpAddress> addresses) {
    boolean hasIpv6() {
      return addresses.stream().anyMatch(a -> !a.isIpv4());
    }
  }

  /**
   * Wires the pod. On failure the veth (and with it everything on it) is removed again before the
   * exception passes on.
   */
  WiredPod wire(PodLink pod) {
    Optional<Link> stale = nodeNetlink.link(pod.hostVeth());
    if (stale.isPresent()) {
      // The same pod's earlier sandbox, not deleted yet: the new one takes its place.
      log.info("removing stale host veth {} of an earlier sandbox of the pod", pod.hostVeth());
      nodeNetlink.deleteLink(stale.get().index());
    }
    nodeNetlink.createVeth(pod.hostVeth(), pod.ifName(), pod.netns());
    try {
      int hostIndex = nodeNetlink.ifIndex(pod.hostVeth());
      nodeNetlink.setMac(hostIndex, HOST_MAC);
      nodeNetlink.setMtu(hostIndex, pod.mtu());
      node.run(() -> configureHostEnd(pod));
      nodeNetlink.setUp(hostIndex, true);
      String podMac = inPod(pod.netns(), netlink -> configurePodEnd(netlink, pod));
      for (IpAddress address : pod.addresses()) {
        nodeNetlink.replaceRoute(
            Route.device(IpPrefix.host(address), hostIndex).withProtocol(ROUTE_PROTOCOL));
      }
      return new WiredPod(pod.hostVeth(), HOST_MAC, podMac);
    } catch (RuntimeException e) {
      unwire(pod.hostVeth());
      throw e;
    }
  }

  /** Removes the pod's veth (both ends, and the routes through it); false if it was gone. */
  boolean unwire(String hostVeth) {
    Optional<Link> link = nodeNetlink.link(hostVeth);
    if (link.isEmpty()) {
      return false;
    }
    nodeNetlink.deleteLink(link.get().index());
    return true;
  }

  /** What differs from what {@link #wire} made; empty when the pod is wired as it was. */
  List<String> differences(PodLink pod) {
    WiringCheck check = new WiringCheck(pod);
    Optional<Link> host = nodeNetlink.link(pod.hostVeth());
    check.hostEnd(host);
    host.ifPresent(link -> check.nodeRoutes(link.index(), nodeRoutes(pod)));
    inPod(pod.netns(), check::podEnd);
    return check.differences();
  }

  private List<Route> nodeRoutes(PodLink pod) {
    List<Route> routes = new java.util.ArrayList<>(nodeNetlink.routes(AddressFamilies.AF_INET));
    if (pod.hasIpv6()) {
      routes.addAll(nodeNetlink.routes(AddressFamilies.AF_INET6));
    }
    return routes;
  }

  private static void configureHostEnd(PodLink pod) {
    Sysctls.setProxyArp(pod.hostVeth(), true);
    Sysctls.setIpv4Forwarding(pod.hostVeth(), true);
    // Answer the pod's ARP for its gateway at once, not after the default random 0-0.8 s.
    Sysctls.write("net/ipv4/neigh/" + pod.hostVeth() + "/proxy_delay", "0");
    if (pod.hasIpv6()) {
      Sysctls.setIpv6Forwarding(pod.hostVeth(), true);
      // The gateway address must be usable as soon as the link is up, not after DAD.
      Sysctls.write("net/ipv6/conf/" + pod.hostVeth() + "/accept_dad", "0");
    }
  }

  private static String configurePodEnd(Netlink netlink, PodLink pod) {
    int index = netlink.ifIndex(pod.ifName());
    netlink.setMtu(index, pod.mtu());
    if (pod.hasIpv6()) {
      Sysctls.write("net/ipv6/conf/" + pod.ifName() + "/accept_dad", "0");
    }
    netlink.setUp(index, true);
    for (IpAddress address : pod.addresses()) {
      netlink.addAddress(new InterfaceAddress(index, address, address.bits()));
    }
    if (pod.addresses().stream().anyMatch(IpAddress::isIpv4)) {
      netlink.addRoute(podRoute(IpPrefix.host(GATEWAY_V4), NextHop.device(index)));
      netlink.addRoute(podRoute(DEFAULT_V4, NextHop.via(GATEWAY_V4, index)));
    }
    if (pod.hasIpv6()) {
      netlink.addRoute(podRoute(DEFAULT_V6, NextHop.via(GATEWAY_V6, index)));
    }
    return netlink.link(pod.ifName()).map(Link::mac).orElse("");
  }

  private static Route podRoute(IpPrefix destination, NextHop hop) {
    return Route.unicast(destination, List.of(hop)).withProtocol(ROUTE_PROTOCOL);
  }

  /**
   * Runs work with a netlink client inside the pod's namespace (entered on a thread of its own).
   */
  static <T> T inPod(Path netns, Function<Netlink, T> work) {
    try (NetworkNamespace pod = NetworkNamespace.open(netns);
        Netlink netlink = pod.openNetlink()) {
      return pod.call(() -> work.apply(netlink));
    }
  }
}
