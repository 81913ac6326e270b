package dev.tabby.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bfd.transport.UdpSocket;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpFamily;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 5881 §5: a single-hop packet that did not arrive with TTL 255 may have come from further away
 * and is discarded. The JDK sends with the kernel's default TTL (64); the BFD socket with 255.
 */
class GtsmIT {
  private static final IpAddress TABBY = IpAddress.parse("10.78.0.1");
  private static final IpAddress PEER = IpAddress.parse("10.78.0.2");
  private static final ControlPacket PEER_DOWN =
      new ControlPacket(
          Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 3, 7, 0, 1_000_000, 1, 0);

  private Lab lab;
  private NetworkNamespace tabbyNamespace;
  private NetworkNamespace peerNamespace;
  private BfdSessions sessions;
  private final BfdPeer peer = new BfdPeer(TABBY, PEER);

  @BeforeEach
  void setUp() {
    lab = Lab.create();
    Host tabby = lab.host("tabby");
    Host other = lab.host("peer");
    lab.link(tabby, "eth0", other, "eth0");
    tabby.addAddress("eth0", TABBY + "/24");
    other.addAddress("eth0", PEER + "/24");
    tabbyNamespace = NetworkNamespace.open(tabby.namespacePath());
    peerNamespace = NetworkNamespace.open(other.namespacePath());
    sessions = BfdSessions.start();
    tabbyNamespace.run(() -> sessions.add(peer, BfdParameters.DEFAULT));
  }

  @AfterEach
  void tearDown() {
    sessions.close();
    tabbyNamespace.close();
    peerNamespace.close();
    lab.close();
  }

  @Test
  void discardsPacketsThatArriveWithATtlBelow255() throws Exception {
    try (DatagramChannel ttl64 =
        peerNamespace.call(
            () -> DatagramChannel.open().bind(new InetSocketAddress(PEER.toInetAddress(), 0)))) {
      InetSocketAddress tabbyControl =
          new InetSocketAddress(TABBY.toInetAddress(), BfdSessions.CONTROL_PORT);
      Wait.until(
          "three TTL-64 packets to be counted as discarded",
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
                    IpFamily.V4,
                    PEER,
                    BfdSessions.SOURCE_PORT_MIN,
                    BfdSessions.SOURCE_PORT_MAX,
                    null,
                    0))) {
      ttl255.send(PEER_DOWN.toBytes(), TABBY, BfdSessions.CONTROL_PORT);
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
