package dev.tabby.bench.bgp;

import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.NetlinkException;
import dev.tabby.dataplane.netlink.NetlinkOverrunException;
import dev.tabby.dataplane.netlink.NetlinkSocket;
import dev.tabby.dataplane.netlink.Rtnl;
import dev.tabby.testbench.Host;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Watches one namespace's main routing table for the routes one receiver installs: it listens to
 * the kernel's route notifications and keeps the set of destinations of one family and one {@code
 * rtm_protocol} (each daemon stamps its own: BIRD 12, zebra's BGP routes 186, Tabby 81), and notes
 * the moment the set first holds the whole table.
 *
 * <p>Why notifications rather than dumps: a dump of a million routes takes the kernel and the
 * reader about a second, which polled every 100 ms would compete with the receiver for the two
 * cores and round every time up to a dump; a notification costs the kernel one message per route it
 * installs anyway, and reading it here is a few hundred nanoseconds. The reader parses only the
 * rtmsg header and RTA_DST, so it counts any route of the protocol, whatever its next-hop form
 * (gateway, multipath or a nexthop object's id). Replaced routes are counted once; deleted ones
 * leave the set. When the kernel drops notifications (the socket buffer overflowed) the watch says
 * so, and the caller counts by dump instead.
 */
final class KernelRouteWatch implements AutoCloseable {

  /** Holds about 300,000 notifications, so a reader that falls behind briefly loses none. */
  private static final int RECEIVE_BUFFER_BYTES = 256 << 20;

  private static final int POLL_MILLIS = 100;

  private final int addressFamily;
  private final int protocol;
  private final int target;
  private final NetworkNamespace namespace;
  private final NetlinkSocket socket;
  private final Thread reader;
  private final AttributeCursor cursor = new AttributeCursor();
  // Read and written by the reader thread only.
  private final Set<Long> destinations = new HashSet<>();

  private volatile boolean running = true;
  private volatile int count;
  private volatile Instant complete;
  private volatile String lost;

  private KernelRouteWatch(
      int addressFamily,
      int protocol,
      int target,
      NetworkNamespace namespace,
      NetlinkSocket socket) {
    this.addressFamily = addressFamily;
    this.protocol = protocol;
    this.target = target;
    this.namespace = namespace;
    this.socket = socket;
    this.reader = new Thread(this::read, "kernel-route-watch");
    reader.setDaemon(true);
  }

  /**
   * Starts watching {@code host}'s main table for routes of {@code family} and {@code protocol},
   * until {@code target} destinations are present.
   */
  static KernelRouteWatch start(Host host, KernelFamily family, int protocol, int target) {
    NetworkNamespace namespace = NetworkNamespace.open(host.namespacePath());
    try {
      int group = family == KernelFamily.IPV4 ? Rtnl.RTMGRP_IPV4_ROUTE : Rtnl.RTMGRP_IPV6_ROUTE;
      NetlinkSocket socket =
          namespace.call(() -> NetlinkSocket.open(group, POLL_MILLIS, RECEIVE_BUFFER_BYTES));
      KernelRouteWatch watch =
          new KernelRouteWatch(family.addressFamily(), protocol, target, namespace, socket);
      watch.reader.start();
      return watch;
    } catch (RuntimeException e) {
      namespace.close();
      throw e;
    }
  }

  /** When the table first held every route; null until then. */
  Instant complete() {
    return complete;
  }

  /** The destinations present now, as far as the notifications told. */
  int count() {
    return count;
  }

  /** Why the count can no longer be trusted (notifications lost); null while it can. */
  String lost() {
    return lost;
  }

  private void read() {
    while (running && lost == null) {
      try {
        socket.receiveMessages(this::handle);
      } catch (NetlinkOverrunException e) {
        lost = "the kernel dropped route notifications (socket buffer overflow)";
      } catch (NetlinkException e) {
        if (running) {
          lost = "reading route notifications failed: " + e.getMessage();
        }
      }
    }
  }

  private void handle(ByteBuffer buffer, int start, int length, int type) {
    if (type != Rtnl.RTM_NEWROUTE && type != Rtnl.RTM_DELROUTE) {
      return;
    }
    int body = start + Rtnl.NLMSG_HDRLEN;
    if ((buffer.get(body) & 0xff) != addressFamily || (buffer.get(body + 5) & 0xff) != protocol) {
      return;
    }
    int table = buffer.get(body + 4) & 0xff;
    long destination = 0;
    cursor.reset(buffer, body + Rtnl.RTMSG_LEN, start + length);
    while (cursor.next()) {
      if (cursor.type() == Rtnl.RTA_TABLE) {
        table = cursor.u32();
      } else if (cursor.type() == Rtnl.RTA_DST) {
        destination = firstEightBytes(buffer, cursor.valueOffset(), cursor.valueLength());
      }
    }
    if (table != Rtnl.RT_TABLE_MAIN) {
      return;
    }
    if (type == Rtnl.RTM_NEWROUTE) {
      destinations.add(destination);
    } else {
      destinations.remove(destination);
    }
    count = destinations.size();
    if (count >= target && complete == null) {
      complete = Instant.now();
    }
  }

  /**
   * The address's first eight bytes, which tell the benchmark's prefixes apart: IPv4 /28s whole,
   * IPv6 /64s by their network half.
   */
  private static long firstEightBytes(ByteBuffer buffer, int offset, int length) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = value << 8 | (i < length ? buffer.get(offset + i) & 0xff : 0);
    }
    return value;
  }

  @Override
  public void close() {
    running = false;
    try {
      reader.join(5L * POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.close();
    namespace.close();
  }
}
