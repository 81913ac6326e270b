package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.Lists;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.UpdateMessage;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listening socket's admission of peers' connections, over loopback. */
class BgpListenerTest {

  private static final Inet4Address LOCAL = ipv4("127.0.0.1");
  private static final Inet4Address PEER = ipv4("127.0.0.2");

  private final EventLoops loops = EventLoops.nio(3);
  private BgpListener listener;

  @AfterEach
  void close() {
    if (listener != null) {
      listener.close();
    }
    loops.close();
  }

  @Test
  void peerWhoseKeyCouldNotBeInstalledIsClosedBeforeOpenSent() throws IOException {
    BgpSession session = passiveSession(PEER);
    listener = BgpListener.bind(loops, new InetSocketAddress(LOCAL, 0), address -> session);
    assertThat(firstByteFromSpeaker())
        .as("an OPEN, while the peer has no password")
        .isEqualTo(0xff);

    // NIO cannot sign: installing the key fails, as a kernel without CONFIG_TCP_MD5SIG would.
    assertThatThrownBy(
            () -> listener.md5Keys(Map.of(PEER, "s3cret".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(TcpMd5Exception.class);

    assertThat(firstByteFromSpeaker())
        .as("nothing: the unsigned connection is closed")
        .isEqualTo(-1);
  }

  @Test
  void peersAreAdmittedAgainOnceTheirKeysAreInstalled() {
    BgpSession session = passiveSession(PEER);
    InboundAdmission admission = new InboundAdmission(address -> session);

    admission.installingKeys(Set.of(PEER));
    assertThat(admission.apply(PEER)).isNull();
    assertThat(admission.apply(LOCAL)).isSameAs(session);

    admission.keysInstalled();
    assertThat(admission.apply(PEER)).isSameAs(session);
  }

  @Test
  void acceptedConnectionsJoinTheirSessionsLoops() throws Exception {
    // One session per loop; accepted in reverse order, a round-robin pick would differ.
    List<Inet4Address> peers = List.of(PEER, ipv4("127.0.0.3"), ipv4("127.0.0.4"));
    Map<InetAddress, BgpSession> sessions = new HashMap<>();
    for (Inet4Address peer : peers) {
      sessions.put(peer, passiveSession(peer));
    }
    assertThat(sessions.values().stream().map(BgpSession::executor).distinct()).hasSize(3);
    EmbeddedChannel server = new EmbeddedChannel(new PinnedAcceptor(sessions::get));
    List<Socket> clients = new ArrayList<>();
    try (ServerSocketChannel accepting = ServerSocketChannel.open()) {
      accepting.bind(new InetSocketAddress(LOCAL, 0));
      for (Inet4Address peer : Lists.reverse(peers)) {
        Socket client = new Socket();
        clients.add(client);
        client.bind(new InetSocketAddress(peer, 0));
        client.connect(accepting.getLocalAddress(), 10_000);
        Channel child = new NioSocketChannel(accepting.accept());
        server.writeInbound(child);
        client.setSoTimeout(10_000);
        assertThat(client.getInputStream().read())
            .as("the session sent its OPEN, so the connection is registered")
            .isEqualTo(0xff);
        assertThat(child.eventLoop()).isSameAs(sessions.get(peer).executor());
      }
    } finally {
      for (Socket client : clients) {
        client.close();
      }
    }
  }

  private int firstByteFromSpeaker() throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(PEER, 0));
      socket.connect(listener.localAddress(), 10_000);
      socket.setSoTimeout(10_000);
      return socket.getInputStream().read();
    }
  }

  private BgpSession passiveSession(Inet4Address peer) {
    var params =
        new SessionParameters(
            peer,
            65002,
            65001,
            LOCAL,
            Duration.ofSeconds(90),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            true,
            Set.of(AddressFamily.IPV4_UNICAST),
            65002,
            null,
            true,
            AddPath.NONE,
            false,
            null);
    var loop = loops.next();
    BgpSession session =
        new BgpSession(
            params,
            loop,
            new EventLoopScheduler(loop),
            new SilentConnector(ConnectFailure.target(new InetSocketAddress(peer, 179))),
            new SessionListener() {
              @Override
              public void established(
                  BgpSession s, NegotiatedSession negotiated, Transport transport) {}

              @Override
              public void update(BgpSession s, UpdateMessage update, Runnable processed) {
                processed.run();
              }

              @Override
              public void writable(BgpSession s) {}

              @Override
              public void routeRefresh(BgpSession s, AddressFamily family) {}

              @Override
              public void down(BgpSession s, boolean connectionLost) {}
            });
    session.start();
    return session;
  }

  private static Inet4Address ipv4(String text) {
    try {
      return (Inet4Address) InetAddress.getByName(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
