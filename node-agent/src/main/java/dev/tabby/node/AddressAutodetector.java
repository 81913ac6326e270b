package dev.tabby.node;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds the node's BGP address of one family by an {@link AutodetectionMethod}. The interfaces, the
 * kernel's source-address choice and the Node's InternalIPs are given, so each method is testable
 * without a host.
 */
public final class AddressAutodetector {

  /** Interfaces that belong to containers, bridges or tunnels, never the node's own network. */
  private static final Pattern SKIPPED_BY_FIRST_FOUND =
      Pattern.compile("(docker|cbr|dummy|virbr|lxcbr|veth|cni|tby|cali|tunl|flannel|kube-ipvs).*");

  private final List<HostInterface> interfaces;
  private final Function<InetAddress, Optional<InetAddress>> sourceFor;
  private final List<InetAddress> internalIps;

  /**
   * @param interfaces the node's interfaces, in the kernel's order
   * @param sourceFor the address the kernel sends from to reach a destination, if it has a route
   * @param internalIps the Node's InternalIP addresses
   */
  public AddressAutodetector(
      List<HostInterface> interfaces,
      Function<InetAddress, Optional<InetAddress>> sourceFor,
      List<InetAddress> internalIps) {
    this.interfaces = List.copyOf(interfaces);
    this.sourceFor = sourceFor;
    this.internalIps = List.copyOf(internalIps);
  }

  /**
   * The node's address of the family, or empty for {@link AutodetectionMethod.None}.
   *
   * @throws ConfigException when the method finds nothing, saying what it looked at
   */
  public Optional<BgpAddress> detect(AutodetectionMethod method, boolean ipv6) {
    String family = ipv6 ? "IPv6" : "IPv4";
    if (method instanceof AutodetectionMethod.None) {
      return Optional.empty();
    }
    Optional<BgpAddress> found;
    if (method instanceof AutodetectionMethod.Interface named) {
      found = firstOn(nic -> named.names().matcher(nic.name()).matches(), ipv6);
    } else if (method instanceof AutodetectionMethod.CanReach reach) {
      if ((reach.destination() instanceof Inet6Address) != ipv6) {
        throw new ConfigException(
            "autodetection " + method + " names an address of the other family than " + family);
      }
      found = sourceFor.apply(reach.destination()).flatMap(this::onInterface);
    } else if (method instanceof AutodetectionMethod.KubernetesInternalIp) {
      found =
          internalIps.stream()
              .filter(address -> (address instanceof Inet6Address) == ipv6)
              .findFirst()
              .flatMap(this::onInterface);
    } else {
      found = firstOn(nic -> !SKIPPED_BY_FIRST_FOUND.matcher(nic.name()).matches(), ipv6);
    }
    return Optional.of(
        found.orElseThrow(
            () ->
                new ConfigException(
                    "autodetection "
                        + method
                        + " found no "
                        + family
                        + " BGP address (interfaces: "
                        + describeInterfaces()
                        + ")")));
  }

  /** The kernel's choice of source address towards {@code destination}; no packet is sent. */
  public static Optional<InetAddress> kernelSourceFor(InetAddress destination) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(destination, 9));
      InetAddress local = socket.getLocalAddress();
      return local == null || local.isAnyLocalAddress() ? Optional.empty() : Optional.of(local);
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private Optional<BgpAddress> firstOn(Predicate<HostInterface> wanted, boolean ipv6) {
    return interfaces.stream()
        .filter(nic -> nic.up() && !nic.loopback() && wanted.test(nic))
        .flatMap(nic -> nic.addresses().stream())
        .filter(address -> address.isIpv6() == ipv6 && isGlobal(address.address()))
        .findFirst();
  }

  /** The address with its subnet's length, if an interface holds it. */
  private Optional<BgpAddress> onInterface(InetAddress address) {
    return interfaces.stream()
        .flatMap(nic -> nic.addresses().stream())
        .filter(candidate -> candidate.address().equals(address))
        .findFirst();
  }

  private static boolean isGlobal(InetAddress address) {
    return !address.isLoopbackAddress()
        && !address.isLinkLocalAddress()
        && !address.isAnyLocalAddress()
        && !address.isMulticastAddress();
  }

  private String describeInterfaces() {
    StringBuilder text = new StringBuilder();
    for (HostInterface nic : interfaces) {
      if (!text.isEmpty()) {
        text.append(", ");
      }
      text.append(nic.name()).append(nic.up() ? "" : "(down)").append(' ');
      text.append(
          nic.addresses().stream().map(a -> InetAddresses.toAddrString(a.address())).toList());
    }
    return text.toString();
  }
}
