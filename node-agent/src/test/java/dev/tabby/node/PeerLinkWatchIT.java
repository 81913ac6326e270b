package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.dataplane.ConnectedInterfaces;
import dev.tabby.dataplane.NetlinkMonitor;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A BGP session without BFD between an embedded speaker and BIRD over a veth pair, with the agent's
 * {@link PeerLinkWatch}: the link going down on either end drops the session as soon as the
 * speaker's end of the veth loses its carrier or goes down (the hold time is 90 s, and nothing
 * crosses a downed veth to tell the speaker otherwise), with the reason in its last error; the
 * session and BIRD's route come back with the link.
 */
class PeerLinkWatchIT {
  private static final String TABBY = "10.78.0.1";
  private static final String BIRD = "10.78.0.2";
  private static final String BIRD_ROUTE = "10.201.0.0/24";

  /** Far below the 90 s hold time: only the link watch can drop the session this soon. */
  private static final Duration DROP_DEADLINE = Duration.ofSeconds(10);

  private Lab lab;
  private Host tabbyHost;
  private Host birdHost;
  private NetworkNamespace tabbyNamespace;
  private BgpSpeaker speaker;
  private NetlinkMonitor monitor;
  private Bird bird;

  @BeforeEach
  void setUp() throws Exception {
    lab = Lab.create();
    tabbyHost = lab.host("tabby");
    birdHost = lab.host("bird");
    lab.link(tabbyHost, "eth0", birdHost, "eth0");
    tabbyHost.addAddress("eth0", TABBY + "/24");
    birdHost.addAddress("eth0", BIRD + "/24");
    tabbyNamespace = NetworkNamespace.open(tabbyHost.namespacePath());
    speaker = PassiveSpeaker.start(tabbyNamespace, TABBY, 65001, BIRD, 65002);
    ConnectedInterfaces interfaces = new ConnectedInterfaces();
    new PeerLinkWatch(speaker, interfaces);
    monitor = tabbyNamespace.call(() -> NetlinkMonitor.startInterfaces(interfaces));
    bird =
        Bird.start(
            birdHost,
            BgpDaemonConfig.builder(BIRD, 65002)
                .neighbor(Neighbor.of(TABBY, 65001).withHoldTime(240))
                .originate(BIRD_ROUTE)
                .build());
  }

  @AfterEach
  void tearDown() {
    if (bird != null) {
      bird.stop();
    }
    if (monitor != null) {
      monitor.close();
    }
    if (speaker != null) {
      speaker.close();
    }
    if (tabbyNamespace != null) {
      tabbyNamespace.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  /**
   * Either end of the veth going down: ours goes down, or the peer's and ours loses its carrier.
   */
  @ParameterizedTest
  @CsvSource({"bird, lost its carrier", "tabby, went down"})
  void eitherEndGoingDownDropsTheSessionAtOnceAndItReturnsWithTheLink(String end, String why) {
    Host host = end.equals("bird") ? birdHost : tabbyHost;
    awaitEstablishedWithRoute();

    host.ip("link", "set", "dev", "eth0", "down");
    awaitDroppedBecauseOfTheInterface();
    assertThat(peer().lastError()).contains("interface eth0 " + why);

    host.ip("link", "set", "dev", "eth0", "up");
    awaitEstablishedWithRoute();
  }

  private void awaitDroppedBecauseOfTheInterface() {
    Wait.until(
        "the BGP session to drop for the interface and BIRD's route to leave the RIB",
        DROP_DEADLINE,
        () -> !established() && !hasBirdRoute());
    assertThat(peer().lastError()).contains("reason=interface-down");
  }

  private void awaitEstablishedWithRoute() {
    Wait.until(
        "BGP Established with BIRD's route in the RIB",
        Duration.ofSeconds(30),
        () -> established() && hasBirdRoute());
  }

  private PeerStatus peer() {
    return PassiveSpeaker.peer(speaker);
  }

  private boolean established() {
    return PassiveSpeaker.established(speaker);
  }

  private boolean hasBirdRoute() {
    return PassiveSpeaker.hasRoute(speaker, BIRD_ROUTE);
  }
}
