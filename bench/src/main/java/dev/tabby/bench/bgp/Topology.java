package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two namespaces of a fresh lab joined by one veth link: the sender and the receiver, iBGP
 * neighbours in one AS over IPv4, with an IPv6 address each for IPv6 next hops. Every run builds
 * its own, so no receiver inherits another's state.
 */
record Topology(Host sender, Host receiver) {

  static final long AS = 65000;
  static final String SENDER_ADDRESS = "172.31.0.1";
  static final String RECEIVER_ADDRESS = "172.31.0.2";
  static final String SENDER_IPV6 = "fd00:31::1";
  static final String RECEIVER_IPV6 = "fd00:31::2";
  static final int BGP_PORT = 179;

  private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");

  static Topology create(Lab lab) {
    Host sender = lab.host("sender");
    Host receiver = lab.host("receiver");
    lab.link(sender, "eth0", receiver, "eth0");
    sender.addAddress("eth0", SENDER_ADDRESS + "/30");
    receiver.addAddress("eth0", RECEIVER_ADDRESS + "/30");
    sender.addAddress("eth0", SENDER_IPV6 + "/64");
    receiver.addAddress("eth0", RECEIVER_IPV6 + "/64");
    knowEachOther(sender, receiver);
    return new Topology(sender, receiver);
  }

  /**
   * Permanent neighbour entries for each other's addresses. The kernel's ARP table is one for every
   * namespace on the machine and refuses new entries past gc_thresh3 (1,024 by default), which
   * other labs on a shared machine can fill; permanent entries are not counted against it.
   */
  private static void knowEachOther(Host sender, Host receiver) {
    String senderMac = mac(sender);
    String receiverMac = mac(receiver);
    permanentNeighbour(sender, RECEIVER_ADDRESS, receiverMac);
    permanentNeighbour(sender, RECEIVER_IPV6, receiverMac);
    permanentNeighbour(receiver, SENDER_ADDRESS, senderMac);
    permanentNeighbour(receiver, SENDER_IPV6, senderMac);
  }

  private static void permanentNeighbour(Host host, String address, String mac) {
    host.ip("neigh", "replace", address, "lladdr", mac, "dev", "eth0", "nud", "permanent");
  }

  private static String mac(Host host) {
    String link = host.ip("-o", "link", "show", "eth0").stdout();
    Matcher matcher = ETHER.matcher(link);
    if (!matcher.find()) {
      throw new IllegalStateException("no MAC address for eth0 on " + host.name() + ": " + link);
    }
    return matcher.group(1);
  }
}
