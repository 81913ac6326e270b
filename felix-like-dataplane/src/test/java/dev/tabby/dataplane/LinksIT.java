package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.dataplane.netlink.NetlinkException;
import dev.tabby.net.IpAddress;
import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Links, addresses, namespaces and sysctls against a real kernel, ending in a ping. */
class LinksIT {
  private static final Path THREAD_NETNS = Path.of("/proc/thread-self/ns/net");

  private Lab lab;
  private Host a;
  private Host b;
  private NetworkNamespace nsA;
  private NetworkNamespace nsB;
  private Netlink netlinkA;
  private Netlink netlinkB;

  @BeforeEach
  void createHosts() {
    lab = Lab.create();
    a = lab.host("a");
    b = lab.host("b");
    nsA = NetworkNamespace.open(a.namespacePath());
    nsB = NetworkNamespace.open(b.namespacePath());
    netlinkA = nsA.openNetlink();
    netlinkB = nsB.openNetlink();
  }

  @AfterEach
  void tearDown() {
    netlinkA.close();
    netlinkB.close();
    nsA.close();
    nsB.close();
    lab.close();
  }

  @Test
  void aVethPairCreatedMovedAddressedAndBroughtUpCarriesAPing() throws Exception {
    Queue<Link> linkEvents = new ConcurrentLinkedQueue<>();
    NetlinkMonitor monitor =
        nsA.call(
            () ->
                NetlinkMonitor.start(
                    new NetlinkMonitor.Listener() {
                      @Override
                      public void linkChanged(Link link, boolean deleted) {
                        linkEvents.add(link);
                      }

                      @Override
                      public void overrun() {}
                    }));
    try {
      netlinkA.createVeth("tmp0", "tmp1");
      netlinkA.moveToNamespace(netlinkA.ifIndex("tmp1"), b.namespacePath());
      assertThat(netlinkA.link("tmp1")).isEmpty();
      int aEnd = netlinkA.ifIndex("tmp0");
      int bEnd = netlinkB.ifIndex("tmp1");
      netlinkA.rename(aEnd, "eth0");
      netlinkB.rename(bEnd, "eth0");
      netlinkA.setMtu(aEnd, 1400);
      netlinkB.setMtu(bEnd, 1400);
      netlinkA.setMac(aEnd, "02:00:00:00:00:0a");
      netlinkA.addAddress(new InterfaceAddress(aEnd, IpAddress.parse("10.50.0.1"), 30));
      netlinkB.addAddress(new InterfaceAddress(bEnd, IpAddress.parse("10.50.0.2"), 30));
      netlinkA.addAddress(new InterfaceAddress(aEnd, IpAddress.parse("fd00:50::1"), 64));
      netlinkB.addAddress(new InterfaceAddress(bEnd, IpAddress.parse("fd00:50::2"), 64));
      netlinkA.setUp(aEnd, true);
      netlinkB.setUp(bEnd, true);

      Wait.until(
          "a to ping b over the veth pair",
          Duration.ofSeconds(10),
          () -> a.ping("10.50.0.2"),
          ExecResult::ok);
      Wait.until(
          "a to ping b over IPv6",
          Duration.ofSeconds(10),
          () -> a.exec("ping", "-6", "-c", "1", "-W", "1", "fd00:50::2"),
          ExecResult::ok);
      assertThat(netlinkA.link("eth0"))
          .hasValueSatisfying(
              link -> {
                assertThat(link.index()).isEqualTo(aEnd);
                assertThat(link.up()).isTrue();
                assertThat(link.mtu()).isEqualTo(1400);
                assertThat(link.mac()).isEqualTo("02:00:00:00:00:0a");
                assertThat(link.kind()).isEqualTo("veth");
              });
      assertThat(a.execOk("ip", "-o", "link", "show", "eth0").stdout())
          .contains("mtu 1400")
          .contains("state UP")
          .contains("link/ether 02:00:00:00:00:0a");
      assertThat(netlinkB.addresses())
          .contains(new InterfaceAddress(bEnd, IpAddress.parse("10.50.0.2"), 30));
      Wait.until(
          "a notification that eth0 is up",
          Duration.ofSeconds(10),
          () -> linkEvents.stream().anyMatch(l -> l.name().equals("eth0") && l.up()));

      netlinkA.deleteAddress(new InterfaceAddress(aEnd, IpAddress.parse("fd00:50::1"), 64));
      assertThat(a.execOk("ip", "-6", "-o", "addr", "show", "eth0").stdout())
          .doesNotContain("fd00:50::1");
    } finally {
      monitor.close();
    }
  }

  @Test
  void aVethPeerCanBeBornInAnotherNamespaceAndDiesWithItsPair() {
    netlinkA.createVeth("p0", "p1", b.namespacePath());

    assertThat(netlinkB.link("p1")).isPresent();
    netlinkA.deleteLink(netlinkA.ifIndex("p0"));
    assertThat(netlinkB.link("p1")).isEmpty();
  }

  @Test
  void aLinkLookedUpByNameMatchesItsEntryInTheDump() {
    netlinkA.createVeth("q0", "q1");
    netlinkA.setMtu(netlinkA.ifIndex("q1"), 1300);
    List<Link> dumped = netlinkA.links();
    assertThat(dumped).extracting(Link::name).contains("lo", "q0", "q1");

    for (Link link : dumped) {
      assertThat(netlinkA.link(link.name())).as("link %s", link.name()).contains(link);
    }
    assertThat(netlinkA.link("q9")).isEmpty();
    assertThatThrownBy(() -> netlinkA.link("name-too-long-for-linux"))
        .isInstanceOf(NetlinkException.class)
        .hasMessageStartingWith("look up interface 'name-too-long-for-linux'");
  }

  @Test
  void sysctlsAreWrittenInsideTheNamespaceWithoutMovingOtherThreads() throws Exception {
    netlinkA.createVeth("s0", "s1");
    Path before = Files.readSymbolicLink(THREAD_NETNS);

    Path inside = nsA.call(() -> Files.readSymbolicLink(THREAD_NETNS));
    nsA.run(
        () -> {
          Sysctls.setIpv4Forwarding("s0", true);
          Sysctls.setProxyArp("s0", true);
          Sysctls.setIpv6Forwarding("s0", true);
        });

    assertThat(inside).isNotEqualTo(before);
    assertThat(Files.readSymbolicLink(THREAD_NETNS)).isEqualTo(before);
    assertThat(a.execOk("sysctl", "-n", "net.ipv4.conf.s0.forwarding").stdout().trim())
        .isEqualTo("1");
    assertThat(a.execOk("sysctl", "-n", "net.ipv4.conf.s0.proxy_arp").stdout().trim())
        .isEqualTo("1");
    assertThat(a.execOk("sysctl", "-n", "net.ipv6.conf.s0.forwarding").stdout().trim())
        .isEqualTo("1");
    assertThat(nsA.call(() -> Sysctls.read("net/ipv4/conf/s1/proxy_arp"))).isEqualTo("0");
  }

  @Test
  void linkRequestsForMissingInterfacesFailClearly() {
    assertThatThrownBy(() -> netlinkA.setMtu(99_999, 1400))
        .isInstanceOf(NetlinkException.class)
        .hasMessageStartingWith("set mtu 1400 on interface #99999: ENODEV");
    assertThatThrownBy(() -> netlinkA.ifIndex("nope0"))
        .hasMessageContaining("'nope0'")
        .hasMessageContaining("ENODEV");
    assertThatThrownBy(() -> NetworkNamespace.named("tby-no-such-namespace"))
        .hasMessageContaining("/var/run/netns/tby-no-such-namespace")
        .hasMessageContaining("ENOENT");
  }
}
