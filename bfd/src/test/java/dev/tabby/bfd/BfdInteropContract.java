package dev.tabby.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.net.IpAddress;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bfd.BfdPeerDaemon;
import dev.tabby.testbench.bfd.BfdPeerSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tabby's BFD against a reference implementation in another namespace, over a veth pair or, for
 * multihop sessions, through a router namespace: the session comes up, a cut link (the peer's end
 * down) is seen within the detection time, the session recovers, and interval changes on either
 * side are negotiated with a Poll Sequence.
 */
abstract class BfdInteropContract {
  static final Duration SETTLE = Duration.ofSeconds(20);

  /**
   * 200 ms × 3: a dead path is seen within 600 ms. Faster timers work too (see bench/bfd.sh), but
   * on a machine shared by many test JVMs a 300 ms detection time can expire spuriously.
   */
  static final BfdParameters FAST = BfdParameters.ofMillis(200, 200, 3);

  private final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
  private Lab lab;
  private Host tabbyHost;
  private Host peerHost;
  private NetworkNamespace tabbyNamespace;
  private BfdSessions sessions;
  private BfdPeerDaemon daemon;
  private Path path;
  private BfdPeer peer;
  private String tabbyAddress;

  abstract BfdPeerDaemon startPeer(
      Host host, String local, String peer, boolean multihop, int tx, int rx, int mult);

  /** Tabby's session to the peer, and the interface whose going down cuts the path. */
  record Path(BfdPeer session, Host cutHost, String cutInterface) {}

  /** Cables Tabby's host to the peer's: an IPv4 veth pair unless a variant says otherwise. */
  Path connect(Lab lab, Host tabby, Host peer) {
    return directLink(lab, tabby, peer, "10.77.0.", 24);
  }

  /**
   * A veth pair between the two hosts, {@code prefix + "1"} Tabby's end and {@code + "2"} the
   * peer's; the cut is the peer's end going down.
   */
  static Path directLink(Lab lab, Host tabby, Host peer, String prefix, int prefixLength) {
    lab.link(tabby, "eth0", peer, "eth0");
    for (Host host : List.of(tabby, peer)) {
      // The link cut brings the peer's end down, which would otherwise flush its IPv6 address
      // and leave nothing for the peer's BFD to come back on.
      host.execOk("sysctl", "-q", "-w", "net.ipv6.conf.all.keep_addr_on_down=1");
    }
    tabby.addAddress("eth0", prefix + "1/" + prefixLength);
    peer.addAddress("eth0", prefix + "2/" + prefixLength);
    return new Path(
        new BfdPeer(IpAddress.parse(prefix + "1"), IpAddress.parse(prefix + "2"), "eth0"),
        peer,
        "eth0");
  }

  /**
   * Tabby — router — peer, two /24s with routes through the router (which forwards), and a multihop
   * session accepting packets that arrive with at least {@code minimumTtl}. The cut is the router's
   * link to the peer going down (the peer's end going down would take its route through the router
   * with it).
   */
  static Path throughRouter(Lab lab, Host tabby, Host peer, int minimumTtl) {
    Host router = lab.host("router");
    lab.link(tabby, "eth0", router, "eth0");
    lab.link(router, "eth1", peer, "eth0");
    router.enableForwarding();
    tabby.addAddress("eth0", "10.82.1.1/24");
    router.addAddress("eth0", "10.82.1.2/24");
    router.addAddress("eth1", "10.82.2.1/24");
    peer.addAddress("eth0", "10.82.2.2/24");
    tabby.addRoute("10.82.2.0/24", "10.82.1.2");
    peer.addRoute("10.82.1.0/24", "10.82.2.1");
    return new Path(
        BfdPeer.multihop(IpAddress.parse("10.82.1.1"), IpAddress.parse("10.82.2.2"), minimumTtl),
        router,
        "eth1");
  }

  @BeforeEach
  void setUp() {
    lab = Lab.create();
    tabbyHost = lab.host("tabby");
    peerHost = lab.host("peer");
    path = connect(lab, tabbyHost, peerHost);
    peer = path.session();
    tabbyAddress = peer.local().toString();
    tabbyNamespace = NetworkNamespace.open(tabbyHost.namespacePath());
    sessions = BfdSessions.start();
    sessions.addListener((p, from, to, diagnostic) -> changes.add(to + " " + diagnostic));
    daemon =
        startPeer(peerHost, peer.peer().toString(), tabbyAddress, peer.multihop(), 200, 200, 3);
    tabbyNamespace.run(() -> sessions.add(peer, FAST));
  }

  @AfterEach
  void tearDown() {
    if (sessions != null) {
      sessions.close();
    }
    if (daemon != null) {
      daemon.close();
    }
    if (tabbyNamespace != null) {
      tabbyNamespace.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void comesUpDetectsALinkCutWithinTheDetectionTimeAndRecovers() throws Exception {
    awaitBothUp();
    assertThat(tabby().transmitInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(tabby().detectionTime()).isEqualTo(Duration.ofMillis(600));
    changes.clear();
    assertThat(tabby().state()).as("still Up just before the cut").isEqualTo(BfdState.UP);

    path.cutHost().ip("link", "set", "dev", path.cutInterface(), "down");
    // The detection time (asserted above) is what ends the session: the diagnostic says so. The
    // wait is a deadline, not the measure, so that a loaded machine's scheduling cannot fail it.
    String change = changes.poll(5, TimeUnit.SECONDS);

    assertThat(change).isEqualTo("DOWN CONTROL_DETECTION_TIME_EXPIRED");

    path.cutHost().ip("link", "set", "dev", path.cutInterface(), "up");
    awaitBothUp();
    assertThat(tabby().upCount()).isEqualTo(2);
    assertThat(tabby().downCount()).isEqualTo(1);
  }

  @Test
  void negotiatesChangedIntervalsWithAPollSequence() {
    awaitBothUp();

    // Tabby slows down: the peer must transmit no faster than we now receive, and wait 3 × our
    // new transmit interval before declaring us dead.
    sessions.add(peer, BfdParameters.ofMillis(300, 400, 3));
    Wait.until(
        "the peer to adopt Tabby's new intervals",
        SETTLE,
        () -> {
          BfdPeerSession seen = daemon.session(tabbyAddress).orElseThrow();
          return seen.up() && seen.transmitIntervalMs() == 400 && seen.detectionTimeMs() == 900;
        });
    assertThat(tabby().pollInProgress()).isFalse();
    assertThat(tabby().transmitInterval()).isEqualTo(Duration.ofMillis(300));

    // The peer slows down: its Poll must get our Final before it applies its slower rate.
    daemon.setTimers(500, 500, 4);
    Wait.until(
        "Tabby to adopt the peer's new intervals",
        SETTLE,
        () ->
            tabby().remoteDesiredMinTx().equals(Duration.ofMillis(500))
                && tabby().transmitInterval().equals(Duration.ofMillis(500))
                && tabby().detectionTime().equals(Duration.ofMillis(2000)));
    Wait.until(
        "the peer to transmit at its slower rate",
        SETTLE,
        () -> daemon.session(tabbyAddress).orElseThrow().transmitIntervalMs() == 500);
    assertThat(tabby().state()).isEqualTo(BfdState.UP);
    assertThat(tabby().downCount()).isZero();
  }

  private BfdSessionStatus tabby() {
    return sessions.status(peer).orElseThrow();
  }

  private void awaitBothUp() {
    Wait.until(
        "Tabby's and the peer's BFD sessions to be Up",
        SETTLE,
        () ->
            tabby().state() == BfdState.UP
                && daemon.session(tabbyAddress).map(BfdPeerSession::up).orElse(false));
  }
}
