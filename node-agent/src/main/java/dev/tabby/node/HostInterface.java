package dev.tabby.node;

import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** One network interface of the node, as address autodetection sees it. */
public record HostInterface(String name, boolean up, boolean loopback, List<BgpAddress> addresses) {

  public HostInterface {
    addresses = List.copyOf(addresses);
  }

  /** The interfaces of the namespace the agent runs in, by interface index. */
  public static List<HostInterface> ofThisHost() {
    List<HostInterface> result = new ArrayList<>();
    try {
      List<NetworkInterface> nics = Collections.list(NetworkInterface.getNetworkInterfaces());
      nics.sort(Comparator.comparingInt(NetworkInterface::getIndex));
      for (NetworkInterface nic : nics) {
        List<BgpAddress> addresses = new ArrayList<>();
        for (InterfaceAddress address : nic.getInterfaceAddresses()) {
          addresses.add(new BgpAddress(address.getAddress(), address.getNetworkPrefixLength()));
        }
        result.add(new HostInterface(nic.getName(), nic.isUp(), nic.isLoopback(), addresses));
      }
    } catch (SocketException e) {
      throw new ConfigException("cannot list the node's interfaces: " + e.getMessage());
    }
    return result;
  }
}
