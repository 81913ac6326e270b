package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.AttributeType.FLAG_EXTENDED_LENGTH;
import static dev.tabby.bgp.wire.AttributeType.FLAG_OPTIONAL;
import static dev.tabby.bgp.wire.AttributeType.FLAG_PARTIAL;
import static dev.tabby.bgp.wire.AttributeType.OPTIONAL_NON_TRANSITIVE;
import static dev.tabby.bgp.wire.AttributeType.OPTIONAL_TRANSITIVE;
import static dev.tabby.bgp.wire.AttributeType.WELL_KNOWN;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Writes path attributes other than MP_REACH_NLRI / MP_UNREACH_NLRI, in type code order. For a peer
 * without 4-octet AS support, ASNs above 65535 become AS_TRANS and the real values go into AS4_PATH
 * / AS4_AGGREGATOR (RFC 6793 §4.2.2).
 */
final class AttributeEncoder {
  private AttributeEncoder() {}

  /**
   * Writes the attributes.
   *
   * @param withNextHop write the NEXT_HOP attribute (for IPv4 NLRI); the next hop must then be IPv4
   */
  static void write(ByteBuf out, PathAttributes a, CodecContext context, boolean withNextHop) {
    int asnSize = context.fourOctetAs() ? 4 : 2;
    AttributeType.writeHeader(out, WELL_KNOWN, AttributeType.ORIGIN, 1);
    out.writeByte(a.origin().code());
    AttributeType.writeHeader(
        out, WELL_KNOWN, AttributeType.AS_PATH, AsPathCodec.size(a.asPath(), asnSize));
    AsPathCodec.write(out, a.asPath(), asnSize);
    if (withNextHop) {
      if (!(a.nextHop() instanceof Inet4Address nextHop)) {
        throw new IllegalArgumentException(
            "IPv4 prefixes need an IPv4 next hop, the attributes have " + a.nextHop());
      }
      AttributeType.writeHeader(out, WELL_KNOWN, AttributeType.NEXT_HOP, 4);
      out.writeBytes(nextHop.getAddress());
    }
    if (a.hasMed()) {
      AttributeType.writeHeader(out, OPTIONAL_NON_TRANSITIVE, AttributeType.MULTI_EXIT_DISC, 4);
      out.writeInt((int) a.med());
    }
    if (a.hasLocalPref()) {
      AttributeType.writeHeader(out, WELL_KNOWN, AttributeType.LOCAL_PREF, 4);
      out.writeInt((int) a.localPref());
    }
    if (a.atomicAggregate()) {
      AttributeType.writeHeader(out, WELL_KNOWN, AttributeType.ATOMIC_AGGREGATE, 0);
    }
    Aggregator aggregator = a.aggregator();
    if (aggregator != null) {
      AttributeType.writeHeader(out, OPTIONAL_TRANSITIVE, AttributeType.AGGREGATOR, asnSize + 4);
      writeAsn(out, aggregator.asn(), asnSize);
      out.writeBytes(aggregator.address().getAddress());
    }
    if (!a.communities().isEmpty()) {
      AttributeType.writeHeader(
          out, OPTIONAL_TRANSITIVE, AttributeType.COMMUNITIES, a.communities().length() * 4);
      a.communities().forEach(out::writeInt);
    }
    if (a.originatorId() != null) {
      AttributeType.writeHeader(out, OPTIONAL_NON_TRANSITIVE, AttributeType.ORIGINATOR_ID, 4);
      out.writeBytes(a.originatorId().getAddress());
    }
    if (!a.clusterList().isEmpty()) {
      AttributeType.writeHeader(
          out, OPTIONAL_NON_TRANSITIVE, AttributeType.CLUSTER_LIST, a.clusterList().length() * 4);
      a.clusterList().forEach(out::writeInt);
    }
    if (!a.extendedCommunities().isEmpty()) {
      AttributeType.writeHeader(
          out,
          OPTIONAL_TRANSITIVE,
          AttributeType.EXTENDED_COMMUNITIES,
          a.extendedCommunities().length() * 8);
      a.extendedCommunities().forEach(out::writeLong);
    }
    if (asnSize == 2) {
      writeAs4Attributes(out, a);
    }
    if (!a.largeCommunities().isEmpty()) {
      AttributeType.writeHeader(
          out,
          OPTIONAL_TRANSITIVE,
          AttributeType.LARGE_COMMUNITIES,
          a.largeCommunities().size() * 12);
      for (LargeCommunity c : a.largeCommunities()) {
        out.writeInt((int) c.global()).writeInt((int) c.local1()).writeInt((int) c.local2());
      }
    }
    for (UnknownAttribute unknown : a.unknownAttributes()) {
      // We pass it on without understanding it: RFC 4271 §5 asks to mark it Partial.
      int flags = (unknown.flags() | FLAG_OPTIONAL | FLAG_PARTIAL) & ~FLAG_EXTENDED_LENGTH;
      AttributeType.writeHeader(out, flags, unknown.typeCode(), unknown.length());
      out.writeBytes(unknown.value());
    }
  }

  /** AS4_PATH and AS4_AGGREGATOR for a 2-octet peer, when some ASN does not fit 2 octets. */
  private static void writeAs4Attributes(ByteBuf out, PathAttributes a) {
    if (a.asPath().hasFourOctetAsn()) {
      AsPath as4Path = AsPathCodec.as4PathOf(a.asPath());
      AttributeType.writeHeader(
          out, OPTIONAL_TRANSITIVE, AttributeType.AS4_PATH, AsPathCodec.size(as4Path, 4));
      AsPathCodec.write(out, as4Path, 4);
    }
    Aggregator aggregator = a.aggregator();
    if (aggregator != null && aggregator.asn() > 0xFFFF) {
      AttributeType.writeHeader(out, OPTIONAL_TRANSITIVE, AttributeType.AS4_AGGREGATOR, 8);
      out.writeInt((int) aggregator.asn());
      out.writeBytes(aggregator.address().getAddress());
    }
  }

  private static void writeAsn(ByteBuf out, long asn, int asnSize) {
    if (asnSize == 4) {
      out.writeInt((int) asn);
    } else {
      out.writeShort(asn > 0xFFFF ? OpenMessage.AS_TRANS : (int) asn);
    }
  }

  /**
   * Writes the start of an MP_REACH_NLRI (RFC 4760 §3) up to where the NLRI goes, always with a
   * 2-byte length; returns the index of that length for {@link #patchLength(ByteBuf, int)}. IPv4
   * prefixes may have an IPv6 next hop (RFC 8950), written like an IPv6 prefix's.
   */
  static int startMpReach(ByteBuf out, AddressFamily family, PathAttributes a) {
    out.writeByte(OPTIONAL_NON_TRANSITIVE | FLAG_EXTENDED_LENGTH)
        .writeByte(AttributeType.MP_REACH_NLRI);
    int lengthIndex = out.writerIndex();
    out.writeShort(0).writeShort(family.afi()).writeByte(family.safi());
    InetAddress nextHop = a.nextHop();
    boolean ipv6NextHop = nextHop instanceof Inet6Address;
    if (nextHop == null
        || (nextHop.getAddress().length != family.addressBytes()
            && !(family == AddressFamily.IPV4_UNICAST && ipv6NextHop))) {
      throw new IllegalArgumentException(family + " prefixes need a next hop of their family");
    }
    Inet6Address linkLocal = ipv6NextHop ? a.linkLocalNextHop() : null;
    out.writeByte(linkLocal == null ? nextHop.getAddress().length : 32);
    out.writeBytes(nextHop.getAddress());
    if (linkLocal != null) {
      out.writeBytes(linkLocal.getAddress());
    }
    out.writeByte(0); // reserved
    return lengthIndex;
  }

  /** Writes the start of an MP_UNREACH_NLRI; see {@link #startMpReach}. */
  static int startMpUnreach(ByteBuf out, AddressFamily family) {
    out.writeByte(OPTIONAL_NON_TRANSITIVE | FLAG_EXTENDED_LENGTH)
        .writeByte(AttributeType.MP_UNREACH_NLRI);
    int lengthIndex = out.writerIndex();
    out.writeShort(0).writeShort(family.afi()).writeByte(family.safi());
    return lengthIndex;
  }

  /** Patches the 2-byte length at {@code lengthIndex} to cover everything written after it. */
  static void patchLength(ByteBuf out, int lengthIndex) {
    out.setShort(lengthIndex, out.writerIndex() - lengthIndex - 2);
  }
}
