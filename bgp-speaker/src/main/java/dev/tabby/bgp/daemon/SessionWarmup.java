package dev.tabby.bgp.daemon;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.net.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a table between two private speakers over a loopback TCP session before the daemon starts,
 * a few times, so that a peer's first full table meets compiled code on the whole path: the
 * transport's socket reads and writes, the session, the decoders, the RIB and the exporter's
 * encoding; otherwise the JIT compiles them during a fresh daemon's first load, on the CPU the load
 * needs.
 *
 * <p>Nothing is shared with the live speaker: both speakers listen on loopback addresses on ports
 * the kernel picks, and are closed before {@link #run} returns. A loopback that does not work (a
 * network namespace whose {@code lo} is down) only skips the warm-up, with a warning.
 */
final class SessionWarmup {
  private static final Logger log = LoggerFactory.getLogger(SessionWarmup.class);

  /** The table: every /31 of 198.18.0.0/15 (RFC 2544), NLRI with a partly used last byte. */
  static final int PREFIXES = 1 << 16;

  private static final int FIRST_ADDRESS = InetAddresses.coerceToInteger(ip("198.18.0.0"));
  private static final int PASSES = 3;
  private static final long AS = 64_512;
  private static final InetAddress SENDER = ip("127.0.0.1");
  private static final InetAddress RECEIVER = ip("127.0.0.2");

  /** How long one pass may take before the warm-up gives up: a stuck loopback, not a slow one. */
  private static final Duration PASS_TIMEOUT = Duration.ofSeconds(10);

  private SessionWarmup() {}

  /**
   * Sends the table {@link #PASSES} times; logs and returns how long it took. A failure is logged
   * and ends only the warm-up.
   */
  static Duration run() {
    long start = System.nanoTime();
    try {
      carryTable();
    } catch (RuntimeException e) {
      log.warn("event=session-warmup-skipped reason=\"{}\"", e.getMessage());
      return Duration.ofNanos(System.nanoTime() - start);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info(
        "event=session-warmup-done prefixes={} passes={} took-ms={}",
        PREFIXES,
        PASSES,
        took.toMillis());
    return took;
  }

  /**
   * Sends the table over a new loopback session and withdraws it, {@link #PASSES} times.
   *
   * @throws RuntimeException when a pass does not complete
   */
  static void carryTable() {
    requireLoopbackUp();
    try (BgpSpeaker receiver = speaker("192.0.2.2", RECEIVER);
        BgpSpeaker sender = speaker("192.0.2.1", SENDER)) {
      receiver.addPeer(PeerConfig.builder(SENDER, AS).passive(true).build());
      for (int i = 0; i < PREFIXES; i++) {
        sender.originate(IpPrefix.ipv4(FIRST_ADDRESS + 2 * i, 31));
      }
      PeerConfig toReceiver =
          PeerConfig.builder(RECEIVER, AS)
              .localAddress(SENDER)
              .port(receiver.listenAddress().getPort())
              .connectRetryTime(Duration.ofSeconds(1))
              .build();
      for (int pass = 1; pass <= PASSES; pass++) {
        sender.addPeer(toReceiver);
        await(receiver, count -> count == PREFIXES, "the table");
        sender.removePeer(RECEIVER);
        await(receiver, count -> count == 0, "the withdrawal");
      }
    }
  }

  /** Fails at once where loopback is down, rather than after a pass's timeout. */
  private static void requireLoopbackUp() {
    try {
      NetworkInterface loopback = NetworkInterface.getByInetAddress(SENDER);
      if (loopback == null || !loopback.isUp()) {
        throw new IllegalStateException("the loopback interface is down");
      }
    } catch (SocketException e) {
      throw new IllegalStateException("no loopback interface: " + e.getMessage(), e);
    }
  }

  private static BgpSpeaker speaker(String routerId, InetAddress address) {
    return BgpSpeaker.start(
        new SpeakerConfig(
            (Inet4Address) ip(routerId), AS, new InetSocketAddress(address, 0), null));
  }

  /** Waits until the receiver's route count passes the test. */
  private static void await(BgpSpeaker receiver, IntPredicate done, String what) {
    long deadline = System.nanoTime() + PASS_TIMEOUT.toNanos();
    while (!done.test(receiver.routeCount().orTimeout(10, TimeUnit.SECONDS).join())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the loopback session did not carry " + what + " within " + PASS_TIMEOUT);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static InetAddress ip(String address) {
    return InetAddresses.forString(address);
  }
}
