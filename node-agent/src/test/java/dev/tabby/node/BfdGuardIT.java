package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bfd.BfdParameters;
import dev.tabby.bfd.BfdSessions;
import dev.tabby.bfd.BfdState;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.bfd.BfdGuard;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bfd.BirdBfd;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A BGP session with BFD, between an embedded speaker and BIRD over a veth pair: cutting the link
 * drops the BGP session as soon as BFD sees it (BIRD's hold time is 240 s) and withdraws the peer's
 * routes from the RIB; the session and the routes return with the link.
 */
class BfdGuardIT {
  private static final String TABBY = "10.79.0.1";
  private static final String BIRD = "10.79.0.2";
  private static final String BIRD_ROUTE = "10.200.0.0/24";

  private Lab lab;
  private Host birdHost;
  private NetworkNamespace tabbyNamespace;
  private BgpSpeaker speaker;
  private BfdSessions bfd;
  private BirdBfd bird;

  @BeforeEach
  void setUp() throws Exception {
    lab = Lab.create();
    Host tabbyHost = lab.host("tabby");
    birdHost = lab.host("bird");
    lab.link(tabbyHost, "eth0", birdHost, "eth0");
    tabbyHost.addAddress("eth0", TABBY + "/24");
    birdHost.addAddress("eth0", BIRD + "/24");
    tabbyNamespace = NetworkNamespace.open(tabbyHost.namespacePath());
    speaker = PassiveSpeaker.start(tabbyNamespace, TABBY, 65001, BIRD, 65002);
    bfd = BfdSessions.start();
    BfdGuard guard = new BfdGuard(speaker, bfd, tabbyNamespace::run);
    guard.setWanted(
        Map.of(
            InetAddress.getByName(BIRD),
            BfdOptions.singleHop(BfdParameters.ofMillis(200, 200, 3))));
    bird =
        BirdBfd.startWithBgp(
            birdHost, BIRD, TABBY, new BirdBfd.Bgp(65002, 65001, BIRD_ROUTE, false), 200, 200, 3);
  }

  @AfterEach
  void tearDown() {
    if (bird != null) {
      bird.close();
    }
    if (bfd != null) {
      bfd.close();
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

  @Test
  void aCutLinkDropsTheBgpSessionAsSoonAsBfdSeesIt() {
    awaitEstablishedWithRouteAndBfdUp();

    birdHost.ip("link", "set", "dev", "eth0", "down");
    // 600 ms of BFD detection time; the hold timer alone would take 90 s, far past this wait.
    Wait.until(
        "the BGP session to drop and BIRD's route to leave the RIB",
        Duration.ofSeconds(10),
        () -> !established() && !hasBirdRoute());
    assertThat(peer().lastError()).contains("BFD");

    birdHost.ip("link", "set", "dev", "eth0", "up");
    awaitEstablishedWithRouteAndBfdUp();
  }

  private void awaitEstablishedWithRouteAndBfdUp() {
    Wait.until(
        "BGP Established with BIRD's route in the RIB, and BFD Up",
        Duration.ofSeconds(30),
        () ->
            established()
                && hasBirdRoute()
                && bfd.sessions().stream().anyMatch(s -> s.state() == BfdState.UP));
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
