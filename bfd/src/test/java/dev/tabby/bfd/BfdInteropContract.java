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
 * Tabby's BFD against a reference implementation over a veth pair between two namespaces: the
 * session comes up, a cut link is seen within the detection time, the session recovers, and
 * interval changes on either side are negotiated with a Poll Sequence.
 */
abstract class BfdInteropContract {
  /** The two ends of the link: Tabby's address, the peer's, and the prefix length of both. */
  record LinkAddresses(String tabby, String peer, int prefixLength) {}

  static final LinkAddresses IPV4 = new LinkAddresses("10.77.0.1", "10.77.0.2", 24);
  static final LinkAddresses IPV6 = new LinkAddresses("fd77::1", "fd77::2", 64);
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
  private BfdPeer peer;
  private String tabbyAddress;

  abstract BfdPeerDaemon startPeer(Host host, String local, String peer, int tx, int rx, int mult);

  abstract LinkAddresses addresses();

  @BeforeEach
  void setUp() {
    lab = Lab.create();
    tabbyHost = lab.host("tabby");
    peerHost = lab.host("peer");
    lab.link(tabbyHost, "eth0", peerHost, "eth0");
    LinkAddresses link = addresses();
    for (Host host : List.of(tabbyHost, peerHost)) {
      // The link cut below brings the peer's end down, which would otherwise flush its IPv6
      // address and leave nothing for the peer's BFD to come back on.
      host.execOk("sysctl", "-q", "-w", "net.ipv6.conf.all.keep_addr_on_down=1");
    }
    tabbyHost.addAddress("eth0", link.tabby() + "/" + link.prefixLength());
    peerHost.addAddress("eth0", link.peer() + "/" + link.prefixLength());
    tabbyAddress = link.tabby();
    tabbyNamespace = NetworkNamespace.open(tabbyHost.namespacePath());
    sessions = BfdSessions.start();
    sessions.addListener((p, from, to, diagnostic) -> changes.add(to + " " + diagnostic));
    peer = new BfdPeer(IpAddress.parse(link.tabby()), IpAddress.parse(link.peer()), "eth0");
    daemon = startPeer(peerHost, link.peer(), link.tabby(), 200, 200, 3);
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

    long cut = System.nanoTime();
    peerHost.ip("link", "set", "dev", "eth0", "down");
    String change = changes.poll(5, TimeUnit.SECONDS);
    long detectedMillis = (System.nanoTime() - cut) / 1_000_000;

    assertThat(change).isEqualTo("DOWN CONTROL_DETECTION_TIME_EXPIRED");
    // 600 ms of detection time, plus room for a loaded machine's scheduling.
    assertThat(detectedMillis).as("milliseconds from the cut to Down").isLessThan(1200);

    peerHost.ip("link", "set", "dev", "eth0", "up");
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
