package dev.tabby.dataplane;

import static dev.tabby.dataplane.netlink.Rtnl.RTMGRP_IPV4_IFADDR;
import static dev.tabby.dataplane.netlink.Rtnl.RTMGRP_IPV4_ROUTE;
import static dev.tabby.dataplane.netlink.Rtnl.RTMGRP_IPV6_IFADDR;
import static dev.tabby.dataplane.netlink.Rtnl.RTMGRP_IPV6_ROUTE;
import static dev.tabby.dataplane.netlink.Rtnl.RTMGRP_LINK;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_DELADDR;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_DELLINK;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_DELROUTE;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_NEWADDR;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_NEWLINK;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_NEWROUTE;

import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.NetlinkException;
import dev.tabby.dataplane.netlink.NetlinkOverrunException;
import dev.tabby.dataplane.netlink.NetlinkSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for route, link and address changes (or link and address changes only) in the namespace
 * of the thread that opened it, on a thread of its own, and tells a listener. When the kernel drops
 * notifications (ENOBUFS) the listener is told to resynchronise fully.
 */
public final class NetlinkMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetlinkMonitor.class);
  private static final int POLL_MILLIS = 200;
  private static final int INTERFACE_GROUPS = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;

  /** Where nlmsghdr holds the sender's port id: after length, type, flags and sequence number. */
  private static final int NLMSG_PID_OFFSET = 12;

  /** Told about changes; called on the monitor's thread. */
  public interface Listener {
    default void routeChanged(Route route, boolean deleted) {}

    /**
     * Whether route notifications sent on behalf of this netlink port (the nlmsg_pid of the
     * notification: the port of the socket that made the change, 0 for the kernel's own) echo the
     * listener's own writes; those are neither decoded nor reported.
     */
    default boolean isOwnPort(int portId) {
      return false;
    }

    /**
     * A link changed. Also called once for each link present when the monitor starts (on the
     * starting thread, before any notification), so a listener knows every link's state before its
     * first change.
     */
    default void linkChanged(Link link, boolean deleted) {}

    /**
     * An address was added or removed. Also called once for each address present when the monitor
     * starts, on the starting thread after the links.
     */
    default void addressChanged(InterfaceAddress address, boolean deleted) {}

    /** Notifications were lost: whatever mirrors kernel state must be rebuilt from a dump. */
    void overrun();
  }

  private final NetlinkSocket socket;
  private final Listener listener;
  private final AttributeCursor cursor = new AttributeCursor();
  private final Thread thread;
  private volatile boolean running = true;

  private NetlinkMonitor(NetlinkSocket socket, Listener listener) {
    this.socket = socket;
    this.listener = listener;
    this.thread = new Thread(this::loop, "netlink-monitor");
    thread.setDaemon(true);
  }

  /** Subscribes, in the calling thread's namespace, and starts listening. */
  public static NetlinkMonitor start(Listener listener) {
    return start(listener, NetlinkSocket.DEFAULT_RECEIVE_BUFFER_BYTES);
  }

  /** As {@link #start(Listener)}, with a chosen kernel receive buffer size. */
  public static NetlinkMonitor start(Listener listener, int receiveBufferBytes) {
    return start(
        listener, INTERFACE_GROUPS | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE, receiveBufferBytes);
  }

  /**
   * As {@link #start(Listener)}, for link and address changes only: a listener that follows
   * interfaces does not pay for decoding a routing table's notifications.
   */
  public static NetlinkMonitor startInterfaces(Listener listener) {
    return start(listener, INTERFACE_GROUPS, NetlinkSocket.DEFAULT_RECEIVE_BUFFER_BYTES);
  }

  private static NetlinkMonitor start(Listener listener, int groups, int receiveBufferBytes) {
    NetlinkSocket socket = NetlinkSocket.open(groups, POLL_MILLIS, receiveBufferBytes);
    try (Netlink netlink = Netlink.open()) {
      // Subscribed first: a change after these dumps is also waiting in the socket.
      netlink.links().forEach(link -> listener.linkChanged(link, false));
      netlink.addresses().forEach(address -> listener.addressChanged(address, false));
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    NetlinkMonitor monitor = new NetlinkMonitor(socket, listener);
    monitor.thread.start();
    return monitor;
  }

  private void loop() {
    while (running) {
      try {
        socket.receiveMessages(this::dispatch);
      } catch (NetlinkOverrunException e) {
        log.warn("route/link notifications overflowed the socket buffer; asking for a full resync");
        listener.overrun();
      } catch (NetlinkException e) {
        if (running) {
          log.error("netlink monitor stops: {}", e.getMessage());
          listener.overrun();
        }
        return;
      } catch (RuntimeException e) {
        log.error("netlink monitor listener failed", e);
      }
    }
  }

  private void dispatch(java.nio.ByteBuffer buffer, int start, int length, int type) {
    switch (type) {
      case RTM_NEWROUTE, RTM_DELROUTE -> {
        if (listener.isOwnPort(buffer.getInt(start + NLMSG_PID_OFFSET))) {
          return;
        }
        Route route = RouteCodec.decode(buffer, start, length, cursor);
        if (route != null) {
          listener.routeChanged(route, type == RTM_DELROUTE);
        }
      }
      case RTM_NEWLINK, RTM_DELLINK ->
          listener.linkChanged(
              LinkCodec.decode(buffer, start, length, cursor), type == RTM_DELLINK);
      case RTM_NEWADDR, RTM_DELADDR -> {
        InterfaceAddress address = AddressCodec.decode(buffer, start, length, cursor);
        if (address != null) {
          listener.addressChanged(address, type == RTM_DELADDR);
        }
      }
      default -> {}
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5 * POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.close();
  }
}
