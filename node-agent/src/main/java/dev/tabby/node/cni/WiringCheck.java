package dev.tabby.node.cni;

import dev.tabby.dataplane.AddressFamilies;
import dev.tabby.dataplane.InterfaceAddress;
import dev.tabby.dataplane.Link;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NextHop;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteType;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** CHECK's comparison of a pod's kernel state with what ADD made; collects every difference. */
final class WiringCheck {
  private final PodWiring.PodLink pod;
  private final List<String> differences = new ArrayList<>();

  WiringCheck(PodWiring.PodLink pod) {
    this.pod = pod;
  }

  List<String> differences() {
    return List.copyOf(differences);
  }

  void hostEnd(Optional<Link> host) {
    if (host.isEmpty()) {
      differences.add("host interface " + pod.hostVeth() + " is missing");
      return;
    }
    if (!host.get().up()) {
      differences.add("host interface " + pod.hostVeth() + " is down");
    }
  }

  void nodeRoutes(int hostIndex, List<Route> routes) {
    for (IpAddress address : pod.addresses()) {
      IpPrefix destination = IpPrefix.host(address);
      if (!hasRoute(routes, destination, null, hostIndex)) {
        differences.add("node route " + destination + " dev " + pod.hostVeth() + " is missing");
      }
    }
  }

  Void podEnd(Netlink netlink) {
    Optional<Link> link = netlink.link(pod.ifName());
    if (link.isEmpty()) {
      differences.add("pod interface " + pod.ifName() + " is missing in " + pod.netns());
      return null;
    }
    int index = link.get().index();
    if (!link.get().up()) {
      differences.add("pod interface " + pod.ifName() + " is down");
    }
    if (link.get().mtu() != pod.mtu()) {
      differences.add(
          "pod interface " + pod.ifName() + " has MTU " + link.get().mtu() + ", not " + pod.mtu());
    }
    podAddresses(netlink, index);
    List<Route> routes = new ArrayList<>(netlink.routes(AddressFamilies.AF_INET));
    routes.addAll(netlink.routes(AddressFamilies.AF_INET6));
    if (pod.addresses().stream().anyMatch(IpAddress::isIpv4)) {
      IpPrefix gateway = IpPrefix.host(PodWiring.GATEWAY_V4);
      if (!hasRoute(routes, gateway, null, index)) {
        differences.add("pod route " + gateway + " dev " + pod.ifName() + " is missing");
      }
      if (!hasRoute(routes, IpPrefix.parse("0.0.0.0/0"), PodWiring.GATEWAY_V4, index)) {
        differences.add("pod default route via " + PodWiring.GATEWAY_V4 + " is missing");
      }
    }
    if (pod.hasIpv6() && !hasRoute(routes, IpPrefix.parse("::/0"), PodWiring.GATEWAY_V6, index)) {
      differences.add("pod default route via " + PodWiring.GATEWAY_V6 + " is missing");
    }
    return null;
  }

  private void podAddresses(Netlink netlink, int index) {
    Set<IpAddress> present = new HashSet<>();
    for (InterfaceAddress a : netlink.addresses()) {
      if (a.ifIndex() == index && !isLinkLocal(a.address())) {
        present.add(a.address());
        if (!pod.addresses().contains(a.address())) {
          differences.add(
              "pod interface "
                  + pod.ifName()
                  + " has unexpected address "
                  + a.address()
                  + "/"
                  + a.prefixLength());
        } else if (a.prefixLength() != a.address().bits()) {
          differences.add(
              "pod address "
                  + a.address()
                  + " has prefix length "
                  + a.prefixLength()
                  + ", not "
                  + a.address().bits());
        }
      }
    }
    for (IpAddress wanted : pod.addresses()) {
      if (!present.contains(wanted)) {
        differences.add("pod address " + wanted + " is missing on " + pod.ifName());
      }
    }
  }

  private static boolean hasRoute(
      List<Route> routes, IpPrefix destination, IpAddress gateway, int ifIndex) {
    NextHop wanted = gateway == null ? NextHop.device(ifIndex) : NextHop.via(gateway, ifIndex);
    return routes.stream()
        .anyMatch(
            r ->
                r.table() == Route.TABLE_MAIN
                    && r.type() == RouteType.UNICAST
                    && r.destination().equals(destination)
                    && r.nextHops().size() == 1
                    && wanted.isSatisfiedBy(r.nextHops().get(0)));
  }

  private static boolean isLinkLocal(IpAddress address) {
    byte[] b = address.toBytes();
    return !address.isIpv4() && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
  }
}
