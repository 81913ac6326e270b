package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.RouteReconciler;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.Neighbor;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8950 with FRR over a link that has only IPv6 addresses: a node's speaker, its learned routes
 * and the route reconciler (what the agent composes) on one side, FRR's bgpd with zebra as a
 * top-of-rack router on the other. Each side announces an IPv4 network behind it over the IPv6
 * session, each kernel gets an IPv4 route via the other's IPv6 address, and a ping crosses.
 */
class ExtendedNextHopFrrIT {
  private static final String TABBY = "fd00:12::1";
  private static final String FRR = "fd00:12::2";
  private static final String TABBY_NETWORK = "10.20.0.0/24";
  private static final String POD = "10.20.0.2";
  private static final String FRR_NETWORK = "10.10.0.0/24";
  private static final String CLIENT = "10.10.0.2";
  private static final int PROTO = 81;
  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  private Lab lab;
  private Host tabbyHost;
  private Host torHost;
  private Host client;
  private NetworkNamespace tabbyNamespace;
  private Netlink netlink;
  private RouteReconciler reconciler;
  private BgpSpeaker speaker;
  private Frr frr;

  @BeforeEach
  void setUp() throws Exception {
    lab = Lab.create();
    tabbyHost = lab.host("tabby");
    torHost = lab.host("tor");
    lab.link(tabbyHost, "eth0", torHost, "eth0");
    // Only IPv6 on the link; nodad: the addresses are usable at once.
    tabbyHost.execOk("ip", "-6", "addr", "add", TABBY + "/64", "dev", "eth0", "nodad");
    torHost.execOk("ip", "-6", "addr", "add", FRR + "/64", "dev", "eth0", "nodad");
    addHostBehind(tabbyHost, lab.host("pod"), "10.20.0");
    client = lab.host("client");
    addHostBehind(torHost, client, "10.10.0");

    tabbyNamespace = NetworkNamespace.open(tabbyHost.namespacePath());
    netlink = tabbyNamespace.openNetlink();
    reconciler =
        new RouteReconciler(
            netlink,
            new RouteReconciler.Config(PROTO, Duration.ofMinutes(5), Duration.ofMillis(10)));
    reconciler.start();
    // The listening socket is made in the namespace; FRR connects, so no other socket is.
    speaker =
        tabbyNamespace.call(
            () ->
                BgpSpeaker.start(
                    new SpeakerConfig(
                        (Inet4Address) InetAddress.getByName("10.255.0.1"),
                        65001,
                        new InetSocketAddress(InetAddress.getByName(TABBY), 179),
                        null)));
    LearnedRoutes learned = new LearnedRoutes(null, null);
    speaker.addBestPathListener(
        changes -> {
          learned.apply(changes);
          reconciler.setDesired(learned.routes());
        });
    speaker.addPeer(
        PeerConfig.builder(InetAddress.getByName(FRR), 65002)
            .passive(true)
            .extendedNextHop(true)
            .build());
    speaker.originate(IpPrefix.parse(TABBY_NETWORK));
    startFrrWithZebra();
  }

  /**
   * An IPv4 host behind a router, on a /24 of its own: the router is .1 and forwards, the host is
   * .2 with its default route through it.
   */
  private void addHostBehind(Host router, Host host, String network) {
    lab.link(router, "eth1", host, "eth0");
    router.addAddress("eth1", network + ".1/24").enableForwarding();
    host.addAddress("eth0", network + ".2/24");
    host.execOk("ip", "route", "add", "default", "via", network + ".1");
  }

  /** zebra installs what bgpd learns into the tor's kernel, as on a real top-of-rack router. */
  private void startFrrWithZebra() {
    frr =
        Frr.startWithZebra(
            torHost,
            BgpDaemonConfig.builder("10.255.0.2", 65002)
                .neighbor(Neighbor.of(TABBY, 65001))
                .extendedNextHop()
                .originate(FRR_NETWORK)
                .build());
  }

  @AfterEach
  void tearDown() {
    if (speaker != null) {
      speaker.close();
    }
    if (reconciler != null) {
      reconciler.close();
    }
    if (netlink != null) {
      netlink.close();
    }
    if (tabbyNamespace != null) {
      tabbyNamespace.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void ipv4RoutesCrossAnIpv6OnlyLinkBothWaysAndAPingFollowsThem() throws Exception {
    PeerStatus peer =
        Wait.until(
            "the session with FRR Established with extended next hop",
            CONVERGENCE,
            () -> speaker.peers().get(0),
            p -> p.state() == SessionState.ESTABLISHED && p.negotiated().extendedNextHop());
    assertThat(peer.negotiated().families()).isNotEmpty();

    Route learned =
        Wait.until(
            "Tabby to learn " + FRR_NETWORK + " from FRR",
            CONVERGENCE,
            () ->
                speaker.routes().join().stream()
                    .filter(r -> r.prefix().equals(IpPrefix.parse(FRR_NETWORK)))
                    .findFirst()
                    .orElse(null),
            Objects::nonNull);
    assertThat(learned.attributes().nextHop()).isEqualTo(InetAddress.getByName(FRR));

    Wait.until(
        "Tabby's kernel route to " + FRR_NETWORK + " via inet6 " + FRR,
        CONVERGENCE,
        () -> tabbyHost.ip("-4", "route", "show", "proto", Integer.toString(PROTO)).stdout(),
        routes -> routes.contains(FRR_NETWORK + " via inet6 " + FRR + " dev eth0"));

    String frrRoute =
        Wait.until(
            "FRR's zebra to install " + TABBY_NETWORK + " via " + TABBY,
            CONVERGENCE,
            () -> frr.zebra("show ip route " + TABBY_NETWORK + " json").stdout(),
            json -> json.contains("\"installed\":true") && json.contains(TABBY));
    assertThat(frrRoute).contains("\"protocol\":\"bgp\"");
    Wait.until(
        "the tor's kernel route to " + TABBY_NETWORK + " via inet6 " + TABBY,
        CONVERGENCE,
        () -> torHost.ip("-4", "route", "show", TABBY_NETWORK).stdout(),
        routes -> routes.contains("via inet6 " + TABBY));

    Wait.until(
        "the client " + CLIENT + " (behind FRR) to ping the pod " + POD + " (behind Tabby)",
        CONVERGENCE,
        () -> client.ping(POD).ok());
    assertThat(
            tabbyHost.ip("-4", "addr", "show", "dev", "eth0").stdout()
                + torHost.ip("-4", "addr", "show", "dev", "eth0").stdout())
        .as("the link has no IPv4 address at either end")
        .doesNotContain("inet ");
  }
}
