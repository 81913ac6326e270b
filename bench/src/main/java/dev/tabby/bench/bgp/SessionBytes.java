package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes a namespace's BGP session has received, read from the kernel's TCP state rather than
 * from the daemon, so every receiver is timed by the same clock whatever and whenever it counts.
 *
 * <p>{@code ss -ti} reports {@code tcpi_bytes_received} (RFC 4898's octets received in order,
 * whether or not the daemon has read them yet) through one sock_diag netlink query with the filter
 * applied in the kernel. {@code /proc/net/tcp} has no byte counters, only the queues' current
 * lengths, so it cannot say how much has arrived.
 */
final class SessionBytes {

  /**
   * The most a session can receive before its first UPDATE: an OPEN (at most 4,096 bytes, RFC 4271
   * and RFC 8654) and a KEEPALIVE (19 bytes). A count above it holds UPDATE bytes, whatever the
   * sender's capabilities make its OPEN; with a large table the first UPDATE alone is some 4,000
   * bytes, so the clock starts within one UPDATE of the first.
   */
  static final long HANDSHAKE_MAX = 4096 + 19;

  private static final Pattern BYTES_RECEIVED = Pattern.compile("bytes_received:(\\d+)");

  private SessionBytes() {}

  /**
   * The bytes received so far on {@code host}'s established TCP connections to or from port 179
   * (the benchmark's one session), 0 while there is none.
   */
  static long received(Host host) {
    String sockets =
        host.exec(
                "ss",
                "-tinH",
                "state",
                "established",
                "( sport = :" + Topology.BGP_PORT + " or dport = :" + Topology.BGP_PORT + " )")
            .orThrow()
            .stdout();
    long total = 0;
    Matcher matcher = BYTES_RECEIVED.matcher(sockets);
    while (matcher.find()) {
      total += Long.parseLong(matcher.group(1));
    }
    return total;
  }
}
