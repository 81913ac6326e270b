package dev.tabby.dataplane;

import static dev.tabby.dataplane.netlink.Rtnl.IFF_UP;
import static dev.tabby.dataplane.netlink.Rtnl.IFLA_ADDRESS;
import static dev.tabby.dataplane.netlink.Rtnl.IFLA_IFNAME;
import static dev.tabby.dataplane.netlink.Rtnl.IFLA_MTU;
import static dev.tabby.dataplane.netlink.Rtnl.IFLA_NET_NS_FD;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_DELADDR;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_NEWADDR;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_NEWLINK;
import static dev.tabby.dataplane.netlink.Rtnl.RTM_NEWROUTE;

import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.Errno;
import dev.tabby.dataplane.netlink.MessageWriter;
import dev.tabby.dataplane.netlink.Native;
import dev.tabby.dataplane.netlink.NetlinkException;
import dev.tabby.dataplane.netlink.NetlinkSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Routes, links and addresses of one network namespace: the one of the thread that opened it (see
 * {@link NetworkNamespace#openNetlink()}). Thread-safe; requests are serialised on one socket.
 */
public final class Netlink implements KernelRoutes, AutoCloseable {
  /** Any protocol or any table, in a dump filter. */
  public static final int ANY = 0;

  private final NetlinkSocket socket;
  private final AttributeCursor cursor = new AttributeCursor();
  private final NetlinkSocket.Decoder<Link> linkDecoder =
      (buffer, start, length, type) ->
          type == RTM_NEWLINK ? LinkCodec.decode(buffer, start, length, cursor) : null;

  private Netlink(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** A client for the calling thread's network namespace. */
  public static Netlink open() {
    return new Netlink(NetlinkSocket.open());
  }

  @Override
  public int portId() {
    return socket.portId();
  }

  // ---- routes ----

  /** Applies one operation to many routes, many per sendmsg; returns the routes refused. */
  @Override
  public synchronized List<RouteFailure> apply(RouteOperation operation, List<Route> routes) {
    List<RouteFailure> failures = new ArrayList<>();
    NetlinkSocket.Encoder<Route> encoder =
        switch (operation) {
          case ADD -> RouteCodec::add;
          case REPLACE -> RouteCodec::replace;
          case DELETE -> RouteCodec::delete;
        };
    socket.execute(
        routes,
        encoder,
        (route, errno, message) ->
            failures.add(
                new RouteFailure(
                    operation,
                    route,
                    NetlinkException.fromErrno(
                        errno, operation.verb() + " route " + route, message))));
    return failures;
  }

  public void addRoute(Route route) {
    applyOne(RouteOperation.ADD, route);
  }

  public void replaceRoute(Route route) {
    applyOne(RouteOperation.REPLACE, route);
  }

  public void deleteRoute(Route route) {
    applyOne(RouteOperation.DELETE, route);
  }

  private void applyOne(RouteOperation operation, Route route) {
    List<RouteFailure> failures = apply(operation, List.of(route));
    if (!failures.isEmpty()) {
      throw failures.get(0).error();
    }
  }

  /**
   * Every unicast, blackhole and unreachable route of a family (AddressFamilies.AF_INET or
   * AF_INET6).
   */
  public List<Route> routes(int family) {
    return routes(family, ANY, ANY);
  }

  /** The routes of a family in one table and of one protocol ({@link #ANY} for all). */
  @Override
  public synchronized List<Route> routes(int family, int table, int protocol) {
    List<Route> all =
        socket.dump(
            (w, seq, unused) -> RouteCodec.dumpRequest(w, seq, family, table, protocol),
            (buffer, start, length, type) ->
                type == RTM_NEWROUTE ? RouteCodec.decode(buffer, start, length, cursor) : null);
    // Kernels without strict dump checking ignore the filter; apply it here as well.
    all.removeIf(
        route ->
            route.family() != family
                || (table != ANY && route.table() != table)
                || (protocol != ANY && route.protocol() != protocol));
    return all;
  }

  // ---- links ----

  public synchronized List<Link> links() {
    return socket.dump((w, seq, unused) -> LinkCodec.dumpRequest(w, seq), linkDecoder);
  }

  /** The named link, asked of the kernel by name (one answer, not a dump); empty if none. */
  public synchronized Optional<Link> link(String name) {
    return socket.get(
        (w, seq, unused) -> LinkCodec.getByName(w, seq, name),
        linkDecoder,
        Errno.ENODEV,
        "look up interface '" + name + "'");
  }

  /** The index of the named interface; ENODEV if there is none. */
  public int ifIndex(String name) {
    return link(name)
        .orElseThrow(
            () -> NetlinkException.fromErrno(Errno.ENODEV, "find interface '" + name + "'"))
        .index();
  }

  /** Creates a veth pair with both ends in this namespace. */
  public void createVeth(String name, String peerName) {
    createVeth(name, peerName, -1);
  }

  /**
   * Creates a veth pair whose peer end is created inside the namespace at {@code peerNamespace}.
   */
  public void createVeth(String name, String peerName, Path peerNamespace) {
    int fd = Native.openReadOnly(peerNamespace.toString());
    try {
      createVeth(name, peerName, fd);
    } finally {
      Native.closeQuietly(fd);
    }
  }

  private synchronized void createVeth(String name, String peerName, int peerNsFd) {
    socket.executeOne(
        name,
        (w, seq, n) -> LinkCodec.createVeth(w, seq, n, peerName, peerNsFd),
        "create veth pair " + name + " / " + peerName);
  }

  public void setUp(int ifIndex, boolean up) {
    changeLink(ifIndex, up ? IFF_UP : 0, IFF_UP, w -> {}, (up ? "set up" : "set down"));
  }

  public void setMtu(int ifIndex, int mtu) {
    changeLink(ifIndex, 0, 0, w -> w.attrU32(IFLA_MTU, mtu), "set mtu " + mtu);
  }

  /** Sets the hardware address, given as "aa:bb:cc:dd:ee:ff". */
  public void setMac(int ifIndex, String mac) {
    byte[] bytes = LinkCodec.parseMac(mac);
    changeLink(ifIndex, 0, 0, w -> w.attrBytes(IFLA_ADDRESS, bytes), "set address " + mac);
  }

  public void rename(int ifIndex, String newName) {
    changeLink(ifIndex, 0, 0, w -> w.attrString(IFLA_IFNAME, newName), "rename to " + newName);
  }

  /**
   * Moves an interface into the namespace at {@code namespace} (e.g. /var/run/netns/NAME or
   * /proc/PID/ns/net). It gets a new index there and leaves down.
   */
  public void moveToNamespace(int ifIndex, Path namespace) {
    int fd = Native.openReadOnly(namespace.toString());
    try {
      changeLink(ifIndex, 0, 0, w -> w.attrU32(IFLA_NET_NS_FD, fd), "move to " + namespace);
    } finally {
      Native.closeQuietly(fd);
    }
  }

  public synchronized void deleteLink(int ifIndex) {
    socket.executeOne(
        ifIndex,
        (w, seq, index) -> LinkCodec.delete(w, seq, index),
        "delete interface #" + ifIndex);
  }

  private synchronized void changeLink(
      int ifIndex, int flags, int change, Consumer<MessageWriter> attributes, String what) {
    socket.executeOne(
        ifIndex,
        (w, seq, index) -> {
          int start = LinkCodec.beginChange(w, seq, index, flags, change);
          attributes.accept(w);
          w.endMessage(start);
        },
        what + " on interface #" + ifIndex);
  }

  // ---- addresses ----

  public void addAddress(InterfaceAddress address) {
    changeAddress(RTM_NEWADDR, address, "add address " + address);
  }

  public void deleteAddress(InterfaceAddress address) {
    changeAddress(RTM_DELADDR, address, "delete address " + address);
  }

  private synchronized void changeAddress(int type, InterfaceAddress address, String what) {
    socket.executeOne(address, (w, seq, a) -> AddressCodec.write(w, type, seq, a), what);
  }

  public synchronized List<InterfaceAddress> addresses() {
    return socket.dump(
        (w, seq, unused) -> AddressCodec.dumpRequest(w, seq),
        (buffer, start, length, type) ->
            type == RTM_NEWADDR ? AddressCodec.decode(buffer, start, length, cursor) : null);
  }

  @Override
  public synchronized void close() {
    socket.close();
  }
}
