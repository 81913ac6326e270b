package dev.tabby.dataplane;

import static dev.tabby.dataplane.netlink.Rtnl.*;

import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.MessageWriter;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Encodes route requests (struct rtmsg and RTA_* attributes) and decodes route messages. */
final class RouteCodec {
  private static final int RTM_F_CLONED = 0x200;
  private static final int RT_SCOPE_NOWHERE = 255;

  private RouteCodec() {}

  /** Adds a route that must not exist yet: refused with EEXIST if any route holds its key. */
  static void add(MessageWriter w, int seq, Route route) {
    write(w, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, route);
  }

  /** Adds a route or replaces the one that holds its key. */
  static void replace(MessageWriter w, int seq, Route route) {
    write(w, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, seq, route);
  }

  /**
   * Deletes the route with this key, only if it carries this route's protocol: the kernel itself
   * then guarantees a foreign route is never removed.
   */
  static void delete(MessageWriter w, int seq, Route route) {
    int start = w.beginMessage(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, seq);
    header(w, route, RT_SCOPE_NOWHERE, 0);
    keyAttributes(w, route);
    w.endMessage(start);
  }

  /**
   * Dumps the routes of one family; with strict checking the kernel filters by protocol and table
   * itself (0 = any), and callers filter again for kernels that do not.
   */
  static void dumpRequest(MessageWriter w, int seq, int family, int table, int protocol) {
    int start = w.beginMessage(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, seq);
    w.u8(family).u8(0).u8(0).u8(0).u8(table > 0 && table < 256 ? table : 0).u8(protocol);
    w.u8(0).u8(0).u32(0);
    if (table >= 256) {
      w.attrU32(RTA_TABLE, table);
    }
    w.endMessage(start);
  }

  private static void write(MessageWriter w, int type, int flags, int seq, Route route) {
    int start = w.beginMessage(type, flags, seq);
    boolean onLink =
        route.type() == RouteType.UNICAST
            && route.nextHops().stream().allMatch(hop -> hop.gateway() == null);
    header(w, route, onLink ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE, route.type().kernelType());
    keyAttributes(w, route);
    List<NextHop> hops = route.nextHops();
    if (hops.size() == 1) {
      NextHop hop = hops.get(0);
      if (hop.gateway() != null) {
        writeGateway(w, route, hop.gateway());
      }
      if (hop.ifIndex() > 0) {
        w.attrU32(RTA_OIF, hop.ifIndex());
      }
    } else if (hops.size() > 1) {
      int multipath = w.beginNested(RTA_MULTIPATH);
      for (NextHop hop : hops) {
        int nexthop = w.position();
        w.u16(0).u8(0).u8(hop.weight() - 1).u32(hop.ifIndex());
        if (hop.gateway() != null) {
          writeGateway(w, route, hop.gateway());
        }
        w.buffer().putShort(nexthop, (short) (w.position() - nexthop));
      }
      w.endNested(multipath);
    }
    if (route.source() != null) {
      w.attrBytes(RTA_PREFSRC, route.source().toBytes());
    }
    if (route.mtu() > 0) {
      int metrics = w.beginNested(RTA_METRICS);
      w.attrU32(RTAX_MTU, route.mtu());
      w.endNested(metrics);
    }
    w.endMessage(start);
  }

  /** RTA_GATEWAY, or RTA_VIA for a gateway of another family (an IPv4 route via IPv6). */
  private static void writeGateway(MessageWriter w, Route route, IpAddress gateway) {
    if (gateway.family() == route.destination().family()) {
      w.attrBytes(RTA_GATEWAY, gateway.toBytes());
      return;
    }
    byte[] address = gateway.toBytes();
    w.buffer().putShort((short) (4 + RTVIA_FAMILY_LEN + address.length)).putShort((short) RTA_VIA);
    w.u16(AddressFamilies.of(gateway.family())).bytes(address).pad();
  }

  /** The address of a struct rtvia, or null for a family other than IPv4 and IPv6. */
  private static IpAddress decodeVia(ByteBuffer b, int offset, int end) {
    int family = b.getShort(offset) & 0xffff;
    int length = end - offset - RTVIA_FAMILY_LEN;
    if ((family != AddressFamilies.AF_INET || length != 4)
        && (family != AddressFamilies.AF_INET6 || length != 16)) {
      return null;
    }
    byte[] address = new byte[length];
    b.get(offset + RTVIA_FAMILY_LEN, address);
    return IpAddress.of(address);
  }

  private static void header(MessageWriter w, Route route, int scope, int kernelType) {
    int table = route.table();
    w.u8(route.family()).u8(route.destination().length()).u8(0).u8(0);
    w.u8(table < 256 ? table : RT_TABLE_UNSPEC).u8(route.protocol()).u8(scope).u8(kernelType);
    w.u32(0);
  }

  private static void keyAttributes(MessageWriter w, Route route) {
    w.attrU32(RTA_TABLE, route.table());
    w.attrBytes(RTA_DST, route.destination().address().toBytes());
    w.attrU32(RTA_PRIORITY, route.metric());
  }

  /**
   * The route in an RTM_NEWROUTE/RTM_DELROUTE message, or null for kinds Tabby does not manage
   * (local, broadcast, multicast, cached clones).
   */
  static Route decode(ByteBuffer b, int start, int length, AttributeCursor attrs) {
    int body = start + NLMSG_HDRLEN;
    int family = b.get(body) & 0xff;
    int dstLength = b.get(body + 1) & 0xff;
    int table = b.get(body + 4) & 0xff;
    int protocol = b.get(body + 5) & 0xff;
    RouteType type = RouteType.fromKernel(b.get(body + 7) & 0xff);
    int flags = b.getInt(body + 8);
    if ((family != AddressFamilies.AF_INET && family != AddressFamilies.AF_INET6)
        || type == null
        || (flags & RTM_F_CLONED) != 0) {
      return null;
    }
    byte[] dst = new byte[family == AddressFamilies.AF_INET ? 4 : 16];
    IpAddress gateway = null;
    IpAddress source = null;
    int oif = 0;
    int metric = 0;
    int mtu = 0;
    List<NextHop> hops = new ArrayList<>(1);
    attrs.reset(b, body + RTMSG_LEN, start + length);
    while (attrs.next()) {
      switch (attrs.type()) {
        case RTA_DST -> dst = attrs.bytes();
        case RTA_TABLE -> table = attrs.u32();
        case RTA_PRIORITY -> metric = attrs.u32();
        case RTA_GATEWAY -> gateway = IpAddress.of(attrs.bytes());
        case RTA_VIA -> gateway = decodeVia(b, attrs.valueOffset(), attrs.valueEnd());
        case RTA_PREFSRC -> source = IpAddress.of(attrs.bytes());
        case RTA_OIF -> oif = attrs.u32();
        case RTA_MULTIPATH -> decodeMultipath(b, attrs.valueOffset(), attrs.valueEnd(), hops);
        case RTA_METRICS -> mtu = decodeMtu(b, attrs.valueOffset(), attrs.valueEnd());
        default -> {}
      }
    }
    if (type == RouteType.UNICAST && hops.isEmpty()) {
      if (gateway == null && oif == 0) {
        return null;
      }
      hops.add(new NextHop(gateway, oif, 1));
    } else if (type != RouteType.UNICAST) {
      hops.clear();
    }
    IpPrefix destination = IpPrefix.of(IpAddress.of(dst), dstLength);
    return new Route(destination, type, hops, table, protocol, metric, mtu, source);
  }

  private static void decodeMultipath(ByteBuffer b, int offset, int end, List<NextHop> hops) {
    AttributeCursor attrs = new AttributeCursor();
    while (offset + RTNH_LEN <= end) {
      int length = b.getShort(offset) & 0xffff;
      if (length < RTNH_LEN || offset + length > end) {
        return;
      }
      int weight = (b.get(offset + 3) & 0xff) + 1;
      int ifIndex = b.getInt(offset + 4);
      IpAddress gateway = null;
      attrs.reset(b, offset + RTNH_LEN, offset + length);
      while (attrs.next()) {
        if (attrs.type() == RTA_GATEWAY) {
          gateway = IpAddress.of(attrs.bytes());
        } else if (attrs.type() == RTA_VIA) {
          gateway = decodeVia(b, attrs.valueOffset(), attrs.valueEnd());
        }
      }
      hops.add(new NextHop(gateway, ifIndex, weight));
      offset += align(length);
    }
  }

  private static int decodeMtu(ByteBuffer b, int offset, int end) {
    AttributeCursor attrs = new AttributeCursor().reset(b, offset, end);
    while (attrs.next()) {
      if (attrs.type() == RTAX_MTU) {
        return attrs.u32();
      }
    }
    return 0;
  }
}
