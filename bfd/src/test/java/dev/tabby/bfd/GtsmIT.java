package dev.tabby.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bfd.transport.UdpSocket;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.net.IpAddress;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 5881 §5: a single-hop packet that did not arrive with TTL 255 may have come from further away
 * and is discarded. The JDK sends with the kernel's default TTL or hop limit (64); the BFD socket
 * with 255.
 */
class GtsmIT {
  private static final ControlPacket PEER_DOWN =
      new ControlPacket(
          Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 3, 7, 0, 1_000_000, 1, 0);

  private Lab lab;
  private NetworkNamespace tabbyNamespace;
  private NetworkNamespace peerNamespace;
  private BfdSessions sessions;
  private BfdPeer peer;

  @AfterEach
  void tearDown() {
    if (sessions != null) {
      sessions.close();
    }
    if (tabbyNamespace != null) {
      tabbyNamespace.close();
    }
    if (peerNamespace != null) {
      peerNamespace.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void discardsIpv4PacketsThatArriveWithATtlBelow255() throws Exception {
    link("10.78.0.1", "10.78.0.2", 24);
    assertOnlyTtl255IsAccepted();
  }

  @Test
  void discardsIpv6PacketsThatArriveWithAHopLimitBelow255() throws Exception {
    link("fd78::1", "fd78::2", 64);
    assertOnlyTtl255IsAccepted();
  }

  private void link(String tabbyAddress, String peerAddress, int prefixLength) {
    lab = Lab.create();
    Host tabby = lab.host("tabby");
    Host other = lab.host("peer");
    lab.link(tabby, "eth0", other, "eth0");
    tabby.addAddress("eth0", tabbyAddress + "/" + prefixLength);
    other.addAddress("eth0", peerAddress + "/" + prefixLength);
    tabbyNamespace = NetworkNamespace.open(tabby.namespacePath());
    peerNamespace = NetworkNamespace.open(other.namespacePath());
    peer = new BfdPeer(IpAddress.parse(tabbyAddress), IpAddress.parse(peerAddress));
    sessions = BfdSessions.start();
    tabbyNamespace.run(() -> sessions.add(peer, BfdParameters.DEFAULT));
  }

  private void assertOnlyTtl255IsAccepted() throws Exception {
    IpAddress tabby = peer.local();
    IpAddress from = peer.peer();
    try (DatagramChannel ttl64 =
        peerNamespace.call(
            () -> DatagramChannel.open().bind(new InetSocketAddress(from.toInetAddress(), 0)))) {
      InetSocketAddress tabbyControl =
          new InetSocketAddress(tabby.toInetAddress(), BfdSessions.CONTROL_PORT);
      Wait.until(
          "three packets with TTL (hop limit) 64 to be counted as discarded",
          Duration.ofSeconds(10),
          () -> {
            send(ttl64, tabbyControl);
            return status().packetsDiscarded() >= 3;
          });
    }
    assertThat(status().state()).isEqualTo(BfdState.DOWN);
    assertThat(status().packetsReceived()).isZero();

    try (UdpSocket ttl255 =
        peerNamespace.call(
            () ->
                UdpSocket.openInRange(
                    from.family(),
                    from,
                    BfdSessions.SOURCE_PORT_MIN,
                    BfdSessions.SOURCE_PORT_MAX,
                    null,
                    0))) {
      ttl255.send(PEER_DOWN.toBytes(), tabby, BfdSessions.CONTROL_PORT);
      Wait.until(
          "the TTL-255 packet to move the session to Init",
          Duration.ofSeconds(10),
          () -> status().state() == BfdState.INIT);
    }
  }

  private static void send(DatagramChannel channel, InetSocketAddress to) {
    try {
      channel.send(ByteBuffer.wrap(PEER_DOWN.toBytes()), to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BfdSessionStatus status() {
    return sessions.status(peer).orElseThrow();
  }
}
