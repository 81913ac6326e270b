package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;

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

  static Topology create(Lab lab) {
    Host sender = lab.host("sender");
    Host receiver = lab.host("receiver");
    lab.link(sender, "eth0", receiver, "eth0");
    sender.addAddress("eth0", SENDER_ADDRESS + "/30");
    receiver.addAddress("eth0", RECEIVER_ADDRESS + "/30");
    sender.addAddress("eth0", SENDER_IPV6 + "/64");
    receiver.addAddress("eth0", RECEIVER_IPV6 + "/64");
    return new Topology(sender, receiver);
  }
}
