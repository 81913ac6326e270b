package dev.tabby.bgp.wire;

import dev.tabby.bgp.wire.UpdateMessage.Reach;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one {@link UpdateMessage} as one UPDATE: IPv4 in the classic fields, IPv6 in MP_REACH_NLRI
 * / MP_UNREACH_NLRI, which go first as RFC 7606 §5.1 asks; IPv4 announced with an IPv6 next hop
 * goes in MP_REACH_NLRI too (RFC 8950). All reaches must share their attributes except the next
 * hop, and the result must fit the context's longest message; {@link UpdatePacker} splits large
 * sets. Each prefix of a family the context sends ADD-PATH path identifiers in follows its
 * identifier.
 */
final class UpdateEncoder {
  private UpdateEncoder() {}

  static void write(ByteBuf out, UpdateMessage update, CodecContext context) {
    int start = BgpHeader.writeStart(out, BgpMessage.TYPE_UPDATE);
    if (update.endOfRib().isPresent()) {
      writeEndOfRib(out, update.endOfRib().get());
      BgpHeader.finish(out, start);
      return;
    }
    if (update.withdrawn().isEmpty()
        && update.reach().stream().allMatch(r -> r.prefixes().isEmpty())) {
      throw new IllegalArgumentException(
          "an UPDATE without prefixes would read as End-of-RIB; use UpdateMessage.endOfRib");
    }
    List<Integer> withdrawnIpv6 = new ArrayList<>();
    int lengthIndex = out.writerIndex();
    out.writeShort(0);
    List<IpPrefix> withdrawn = update.withdrawn();
    for (int i = 0; i < withdrawn.size(); i++) {
      if (withdrawn.get(i).isIpv6()) {
        withdrawnIpv6.add(i);
      } else {
        writeNlri(out, withdrawn.get(i), update.withdrawnPathId(i), context);
      }
    }
    AttributeEncoder.patchLength(out, lengthIndex);

    Reach ipv4 = reachOf(update, false);
    Reach ipv6 = reachOf(update, true);
    boolean ipv4InMpReach =
        ipv4 != null
            && UpdatePacker.inMpReach(AddressFamily.IPV4_UNICAST, ipv4.attributes(), context);
    if (ipv4InMpReach && ipv6 != null) {
      throw new IllegalArgumentException(
          "IPv4 prefixes with an IPv6 next hop and IPv6 prefixes need two MP_REACH_NLRI,"
              + " so two UPDATEs");
    }
    if (ipv4 != null && ipv6 != null && !sameExceptNextHop(ipv4.attributes(), ipv6.attributes())) {
      throw new IllegalArgumentException(
          "IPv4 and IPv6 announcements in one UPDATE must share their attributes");
    }

    lengthIndex = out.writerIndex();
    out.writeShort(0);
    if (!withdrawnIpv6.isEmpty()) {
      int mpIndex = AttributeEncoder.startMpUnreach(out, AddressFamily.IPV6_UNICAST);
      withdrawnIpv6.forEach(
          i -> writeNlri(out, withdrawn.get(i), update.withdrawnPathId(i), context));
      AttributeEncoder.patchLength(out, mpIndex);
    }
    if (ipv6 != null) {
      int mpIndex =
          AttributeEncoder.startMpReach(out, AddressFamily.IPV6_UNICAST, ipv6.attributes());
      writeNlri(out, ipv6, context);
      AttributeEncoder.patchLength(out, mpIndex);
    }
    if (ipv4InMpReach) {
      int mpIndex =
          AttributeEncoder.startMpReach(out, AddressFamily.IPV4_UNICAST, ipv4.attributes());
      writeNlri(out, ipv4, context);
      AttributeEncoder.patchLength(out, mpIndex);
    }
    Reach shared = ipv4 != null ? ipv4 : ipv6;
    if (shared != null) {
      AttributeEncoder.write(out, shared.attributes(), context, ipv4 != null && !ipv4InMpReach);
    }
    AttributeEncoder.patchLength(out, lengthIndex);
    if (ipv4 != null && !ipv4InMpReach) {
      writeNlri(out, ipv4, context);
    }
    BgpHeader.finish(out, start, context.maxMessageLength());
  }

  private static void writeNlri(ByteBuf out, Reach reach, CodecContext context) {
    for (int i = 0; i < reach.prefixes().size(); i++) {
      writeNlri(out, reach.prefixes().get(i), reach.pathId(i), context);
    }
  }

  private static void writeNlri(ByteBuf out, IpPrefix prefix, int pathId, CodecContext context) {
    if (context.sendsPathIds(AddressFamily.of(prefix))) {
      NlriCodec.write(out, pathId, prefix);
    } else {
      NlriCodec.write(out, prefix);
    }
  }

  /** The one Reach of the family, or null; refuses what one UPDATE cannot carry. */
  private static Reach reachOf(UpdateMessage update, boolean ipv6) {
    Reach found = null;
    for (Reach reach : update.reach()) {
      long matching = reach.prefixes().stream().filter(p -> p.isIpv6() == ipv6).count();
      if (matching == 0) {
        continue;
      }
      if (matching != reach.prefixes().size()) {
        throw new IllegalArgumentException("one Reach must hold prefixes of one family");
      }
      if (found != null) {
        throw new IllegalArgumentException("one UPDATE holds at most one Reach per family");
      }
      found = reach;
    }
    return found;
  }

  /** RFC 4724 §2: empty for IPv4 unicast, else an MP_UNREACH_NLRI with only AFI/SAFI. */
  private static void writeEndOfRib(ByteBuf out, AddressFamily family) {
    out.writeShort(0);
    if (family == AddressFamily.IPV4_UNICAST) {
      out.writeShort(0);
      return;
    }
    int lengthIndex = out.writerIndex();
    out.writeShort(0);
    AttributeEncoder.patchLength(out, AttributeEncoder.startMpUnreach(out, family));
    AttributeEncoder.patchLength(out, lengthIndex);
  }

  private static boolean sameExceptNextHop(PathAttributes a, PathAttributes b) {
    return a.toBuilder()
        .nextHop(null)
        .linkLocalNextHop(null)
        .build()
        .equals(b.toBuilder().nextHop(null).linkLocalNextHop(null).build());
  }
}
