package dev.tabby.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** Embedded speakers on loopback addresses, for tests of two speakers talking. */
final class LoopbackSpeakers {
  static final Inet4Address A = address("127.0.0.1");
  static final Inet4Address B = address("127.0.0.2");
  static final Inet4Address C = address("127.0.0.3");

  private LoopbackSpeakers() {}

  /** A speaker listening on {@code address}, on a port of the kernel's choosing. */
  static BgpSpeaker speaker(Inet4Address address, long as) {
    return BgpSpeaker.start(
        new SpeakerConfig(address, as, new InetSocketAddress(address, 0), null));
  }

  /**
   * {@code other} as a peer, connected to from {@code local}; a short connect retry, so a refused
   * first attempt is retried quickly.
   */
  static PeerConfig peer(BgpSpeaker other, InetAddress local) {
    InetSocketAddress listen = other.listenAddress();
    return PeerConfig.builder(listen.getAddress(), other.config().localAs())
        .port(listen.getPort())
        .localAddress(local)
        .connectRetryTime(Duration.ofSeconds(1))
        .build();
  }

  private static Inet4Address address(String text) {
    try {
      return (Inet4Address) InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
