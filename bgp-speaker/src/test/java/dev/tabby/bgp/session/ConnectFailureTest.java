package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectFailureTest {

  /** Loads Netty's native transport, whose error constants the tests below read. */
  @BeforeAll
  static void nativeTransport() {
    try (EventLoops loops = EventLoops.start(1)) {
      assertThat(loops.epoll()).as("the native epoll transport is available here").isTrue();
    }
  }

  @Test
  void aRefusedConnectionOnTheNativeTransportSaysConnectionRefused() throws IOException {
    try (EventLoops loops = EventLoops.start(1)) {
      assertThat(ConnectFailure.reason(connectToAClosedPort(loops)))
          .isEqualTo("connection refused");
    }
  }

  @Test
  void aRefusedConnectionOnNioSaysConnectionRefused() throws IOException {
    try (EventLoops loops = EventLoops.nio(1)) {
      assertThat(ConnectFailure.reason(connectToAClosedPort(loops)))
          .isEqualTo("connection refused");
    }
  }

  @Test
  void theNativeTransportsUnreachableHostHasNoMessageButSaysNoRouteToHost() {
    // What epoll throws for EHOSTUNREACH and ENETUNREACH (a NoRouteToHostException without a
    // message), annotated as Netty annotates it.
    Throwable kernel = nativeConnectError(Errors.ERROR_EHOSTUNREACH_NEGATIVE);
    assertThat(kernel).isInstanceOf(NoRouteToHostException.class).hasMessage(null);

    assertThat(ConnectFailure.reason(annotated(kernel))).isEqualTo("no route to host");
  }

  @Test
  void theNativeTransportsSystemCallAndTheAddressAreLeftOut() {
    Throwable kernel = nativeConnectError(Errors.ERROR_ECONNREFUSED_NEGATIVE);
    assertThat(kernel).hasMessageStartingWith("finishConnect(..) failed");

    assertThat(ConnectFailure.reason(annotated(kernel))).isEqualTo("connection refused");
    // Netty before 4.2 did not give the errno.
    assertThat(
            ConnectFailure.reason(
                annotated(new ConnectException("connect(..) failed: Connection refused"))))
        .isEqualTo("connection refused");
  }

  @Test
  void anIpv6PeersAddressIsLeftOutToo() {
    ConnectException annotated = new ConnectException("null: /[fd00:0:0:0:0:0:0:2]:179");
    annotated.initCause(new NoRouteToHostException());

    assertThat(ConnectFailure.reason(annotated)).isEqualTo("no route to host");
    assertThat(ConnectFailure.reason(new ConnectException("Connection refused: /[fd00::2]:179")))
        .isEqualTo("connection refused");
  }

  @Test
  void nettysConnectTimeoutAndASocketTimeoutSayTimedOut() {
    assertThat(
            ConnectFailure.reason(
                new ConnectTimeoutException("connection timed out after 30000 ms: /10.0.0.2:179")))
        .isEqualTo("timed out");
    assertThat(ConnectFailure.reason(new SocketTimeoutException())).isEqualTo("timed out");
  }

  @Test
  void exceptionsWithoutAnyMessageAreNamedByTheirType() {
    assertThat(ConnectFailure.reason(new NoRouteToHostException())).isEqualTo("no route to host");
    assertThat(ConnectFailure.reason(new ConnectException())).isEqualTo("connection refused");
    assertThat(ConnectFailure.reason(new ClosedChannelException()))
        .isEqualTo("ClosedChannelException");
  }

  @Test
  void aMessageThatStartsWithAnAcronymKeepsItsCase() {
    assertThat(ConnectFailure.reason(new ConnectException("IPv6 is disabled on this host")))
        .isEqualTo("IPv6 is disabled on this host");
  }

  @Test
  void targetsAreAddressAndPortWithIpv6InBrackets() {
    assertThat(ConnectFailure.target(new InetSocketAddress(ip("10.0.0.2"), 179)))
        .isEqualTo("10.0.0.2:179");
    assertThat(ConnectFailure.target(new InetSocketAddress(ip("fd00::2"), 1179)))
        .isEqualTo("[fd00::2]:1179");
  }

  /** Connects to a loopback port that was just freed: the kernel refuses the connection. */
  private static Throwable connectToAClosedPort(EventLoops loops) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ChannelFuture connect =
        new Bootstrap()
            .group(loops.next())
            .channel(loops.socketChannel())
            .handler(new ChannelInboundHandlerAdapter())
            .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .awaitUninterruptibly();
    assertThat(connect.isSuccess()).as("connecting to a closed port").isFalse();
    return connect.cause();
  }

  /** The exception Netty's native transport makes of a failed connect's errno. */
  private static Throwable nativeConnectError(int negativeErrno) {
    try {
      Errors.throwConnectException("finishConnect", negativeErrno);
      throw new AssertionError("no exception for errno " + -negativeErrno);
    } catch (IOException e) {
      return e;
    }
  }

  /** As Netty annotates a connect failure: the message, a colon, the remote address. */
  private static Throwable annotated(Throwable kernel) {
    ConnectException annotated = new ConnectException(kernel.getMessage() + ": /10.0.0.2:179");
    annotated.initCause(kernel);
    return annotated;
  }

  private static InetAddress ip(String text) {
    return InetAddresses.forString(text);
  }
}
