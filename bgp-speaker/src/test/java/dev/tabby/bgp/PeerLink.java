package dev.tabby.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;

/**
 * The interop tests' topology: Tabby's host and one peer's host, joined on {@code eth0} by a veth
 * in 10.0.0.0/24, Tabby at {@value #TABBY} and the peer at {@value #PEER}. Tests add addresses
 * (IPv6) on top.
 */
record PeerLink(Host tabby, Host peer) {
  static final String TABBY = "10.0.0.1";
  static final String PEER = "10.0.0.2";

  /** Creates both hosts in {@code lab}, the peer's named {@code peerName}, linked and addressed. */
  static PeerLink create(Lab lab, String peerName) {
    Host tabby = lab.host("tabby");
    Host peer = lab.host(peerName);
    lab.link(tabby, "eth0", peer, "eth0");
    tabby.addAddress("eth0", TABBY + "/24");
    peer.addAddress("eth0", PEER + "/24");
    return new PeerLink(tabby, peer);
  }
}
