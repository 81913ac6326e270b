package dev.tabby.dataplane;

import static dev.tabby.dataplane.netlink.Rtnl.*;

import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.MessageWriter;
import java.nio.ByteBuffer;

/** Encodes link requests (struct ifinfomsg and IFLA_* attributes) and decodes link messages. */
final class LinkCodec {
  private static final int AF_UNSPEC = 0;

  private LinkCodec() {}

  /**
   * Creates a veth pair; the peer is created straight inside another namespace if peerNsFd >= 0.
   */
  static void createVeth(MessageWriter w, int seq, String name, String peerName, int peerNsFd) {
    int start =
        w.beginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
    ifinfo(w, 0, 0, 0);
    w.attrString(IFLA_IFNAME, name);
    int linkInfo = w.beginNested(IFLA_LINKINFO);
    w.attrString(IFLA_INFO_KIND, "veth");
    int data = w.beginNested(IFLA_INFO_DATA);
    int peer = w.beginNested(VETH_INFO_PEER);
    ifinfo(w, 0, 0, 0);
    w.attrString(IFLA_IFNAME, peerName);
    if (peerNsFd >= 0) {
      w.attrU32(IFLA_NET_NS_FD, peerNsFd);
    }
    w.endNested(peer);
    w.endNested(data);
    w.endNested(linkInfo);
    w.endMessage(start);
  }

  /**
   * Starts a change to an existing link: flags/change set ifi_flags bits (e.g. IFF_UP); the caller
   * appends attributes and calls {@link MessageWriter#endMessage}.
   */
  static int beginChange(MessageWriter w, int seq, int index, int flags, int change) {
    int start = w.beginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
    ifinfo(w, index, flags, change);
    return start;
  }

  static void delete(MessageWriter w, int seq, int index) {
    int start = w.beginMessage(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
    ifinfo(w, index, 0, 0);
    w.endMessage(start);
  }

  static void dumpRequest(MessageWriter w, int seq) {
    int start = w.beginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
    ifinfo(w, 0, 0, 0);
    w.endMessage(start);
  }

  /** Asks for one link by name: the kernel answers with that link alone, or with ENODEV. */
  static void getByName(MessageWriter w, int seq, String name) {
    int start = w.beginMessage(RTM_GETLINK, NLM_F_REQUEST, seq);
    ifinfo(w, 0, 0, 0);
    w.attrString(IFLA_IFNAME, name);
    w.endMessage(start);
  }

  private static void ifinfo(MessageWriter w, int index, int flags, int change) {
    w.u8(AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
  }

  /** The link in an RTM_NEWLINK message. */
  static Link decode(ByteBuffer b, int start, int length, AttributeCursor attrs) {
    int body = start + NLMSG_HDRLEN;
    int index = b.getInt(body + 4);
    int flags = b.getInt(body + 8);
    String name = "";
    String mac = "";
    String kind = "";
    int mtu = 0;
    attrs.reset(b, body + IFINFOMSG_LEN, start + length);
    while (attrs.next()) {
      switch (attrs.type()) {
        case IFLA_IFNAME -> name = attrs.string();
        case IFLA_MTU -> mtu = attrs.u32();
        case IFLA_ADDRESS -> mac = formatMac(attrs.bytes());
        case IFLA_LINKINFO -> kind = decodeKind(b, attrs.valueOffset(), attrs.valueEnd());
        default -> {}
      }
    }
    return new Link(
        index, name, (flags & IFF_UP) != 0, (flags & IFF_LOWER_UP) != 0, mtu, mac, kind);
  }

  private static String decodeKind(ByteBuffer b, int offset, int end) {
    AttributeCursor attrs = new AttributeCursor().reset(b, offset, end);
    while (attrs.next()) {
      if (attrs.type() == IFLA_INFO_KIND) {
        return attrs.string();
      }
    }
    return "";
  }

  static String formatMac(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte octet : bytes) {
      if (text.length() > 0) {
        text.append(':');
      }
      text.append(String.format("%02x", octet & 0xff));
    }
    return text.toString();
  }

  /** "aa:bb:cc:dd:ee:ff" to its six bytes. */
  static byte[] parseMac(String text) {
    String[] octets = text.split(":");
    if (octets.length != 6) {
      throw new IllegalArgumentException("not a MAC address: '" + text + "'");
    }
    byte[] bytes = new byte[6];
    try {
      for (int i = 0; i < 6; i++) {
        bytes[i] = (byte) Integer.parseInt(octets[i], 16);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a MAC address: '" + text + "'", e);
    }
    return bytes;
  }
}
