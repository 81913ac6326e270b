package dev.tabby.dataplane;

import static dev.tabby.dataplane.netlink.Rtnl.*;

import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.MessageWriter;
import dev.tabby.net.IpAddress;
import java.nio.ByteBuffer;

/**
 * Encodes address requests (struct ifaddrmsg and IFA_* attributes) and decodes address messages.
 */
final class AddressCodec {
  private AddressCodec() {}

  /**
   * Adds an address (or deletes it with RTM_DELADDR). IPv6 addresses skip duplicate address
   * detection: Tabby assigns them from its own pools and must use them at once.
   */
  static void write(MessageWriter w, int type, int seq, InterfaceAddress address) {
    int flags =
        NLM_F_REQUEST | NLM_F_ACK | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_REPLACE : 0);
    int start = w.beginMessage(type, flags, seq);
    boolean ipv6 = !address.address().isIpv4();
    w.u8(AddressFamilies.of(address.address().family()))
        .u8(address.prefixLength())
        .u8(ipv6 ? IFA_F_NODAD : 0)
        .u8(0);
    w.u32(address.ifIndex());
    byte[] bytes = address.address().toBytes();
    w.attrBytes(IFA_LOCAL, bytes);
    w.attrBytes(IFA_ADDRESS, bytes);
    w.endMessage(start);
  }

  static void dumpRequest(MessageWriter w, int seq) {
    int start = w.beginMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
    w.u8(0).u8(0).u8(0).u8(0).u32(0);
    w.endMessage(start);
  }

  /** The address in an RTM_NEWADDR message. */
  static InterfaceAddress decode(ByteBuffer b, int start, int length, AttributeCursor attrs) {
    int body = start + NLMSG_HDRLEN;
    int prefixLength = b.get(body + 1) & 0xff;
    int index = b.getInt(body + 4);
    byte[] local = null;
    byte[] address = null;
    attrs.reset(b, body + IFADDRMSG_LEN, start + length);
    while (attrs.next()) {
      switch (attrs.type()) {
        case IFA_LOCAL -> local = attrs.bytes();
        case IFA_ADDRESS -> address = attrs.bytes();
        default -> {}
      }
    }
    byte[] chosen = local != null ? local : address;
    return chosen == null ? null : new InterfaceAddress(index, IpAddress.of(chosen), prefixLength);
  }
}
