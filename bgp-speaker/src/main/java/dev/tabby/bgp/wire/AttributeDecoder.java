package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.AttributeType.FLAG_EXTENDED_LENGTH;
import static dev.tabby.bgp.wire.AttributeType.FLAG_OPTIONAL;
import static dev.tabby.bgp.wire.AttributeType.FLAG_TRANSITIVE;
import static dev.tabby.bgp.wire.NotificationCodes.ATTRIBUTE_FLAGS_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.ATTRIBUTE_LENGTH_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.INVALID_NEXT_HOP_ATTRIBUTE;
import static dev.tabby.bgp.wire.NotificationCodes.INVALID_ORIGIN_ATTRIBUTE;
import static dev.tabby.bgp.wire.NotificationCodes.MALFORMED_AS_PATH;
import static dev.tabby.bgp.wire.NotificationCodes.MALFORMED_ATTRIBUTE_LIST;
import static dev.tabby.bgp.wire.NotificationCodes.OPTIONAL_ATTRIBUTE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE;
import static dev.tabby.bgp.wire.NotificationCodes.UPDATE_MESSAGE_ERROR;

import com.google.common.net.InetAddresses;
import com.google.common.primitives.ImmutableIntArray;
import com.google.common.primitives.ImmutableLongArray;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the path attributes field of one UPDATE (RFC 4271 §4.3) with the error handling of RFC
 * 7606: a malformed attribute either makes the whole UPDATE treat-as-withdraw, is discarded, or
 * resets the session, by the rules of §7 for each attribute. Use once per message.
 */
final class AttributeDecoder {
  /** What a malformed attribute does to the UPDATE (RFC 7606 §2). */
  private enum Action {
    TREAT_AS_WITHDRAW,
    /** Treat-as-withdraw if the UPDATE has IPv4 NLRI, else ignored (RFC 4760 §3). */
    NEXT_HOP_PROBLEM,
    DISCARD,
    RESET
  }

  /** MP_REACH_NLRI as decoded: one family, its next hop and prefixes. */
  record MpReach(
      AddressFamily family, InetAddress nextHop, Inet6Address linkLocal, List<IpPrefix> prefixes) {}

  private final CodecContext context;
  private final PathAttributes.Builder builder = PathAttributes.builder();
  private final long[] seen = new long[4];
  private final List<String> discarded = new ArrayList<>();
  private final List<UnknownAttribute> unknown = new ArrayList<>();
  private final List<IpPrefix> mpWithdrawn = new ArrayList<>();
  private ImmutableIntArray mpReachPathIds = ImmutableIntArray.of();
  private ImmutableIntArray mpWithdrawnPathIds = ImmutableIntArray.of();
  private String treatAsWithdrawReason;
  private String framingError;
  private String nextHopProblem;
  private MpReach mpReach;
  private AddressFamily mpUnreachFamily;
  private boolean multiprotocolSeen;
  private int attributeCount;
  private AsPath asPath;
  private AsPath as4Path;
  private Aggregator aggregator;
  private Aggregator as4Aggregator;

  AttributeDecoder(CodecContext context) {
    this.context = context;
  }

  /**
   * Decodes all readable bytes of {@code in}.
   *
   * @throws BgpProtocolException when RFC 7606 says the session must be reset
   */
  void decode(ByteBuf in) throws BgpProtocolException {
    while (in.isReadable()) {
      int start = in.readerIndex();
      if (in.readableBytes() < 3) {
        framingError = "attribute header truncated at offset " + start;
        return;
      }
      int flags = in.readUnsignedByte();
      int type = in.readUnsignedByte();
      boolean extended = (flags & FLAG_EXTENDED_LENGTH) != 0;
      if (extended && in.readableBytes() < 2) {
        framingError = AttributeType.name(type) + " header truncated";
        return;
      }
      int length = extended ? in.readUnsignedShort() : in.readUnsignedByte();
      if (length > in.readableBytes()) {
        framingError =
            AttributeType.name(type)
                + " of "
                + length
                + " bytes overruns the attributes by "
                + (length - in.readableBytes());
        return;
      }
      ByteBuf value = in.readSlice(length);
      attributeCount++;
      decodeOne(flags, type, value, in.slice(start, in.readerIndex() - start));
    }
  }

  private void decodeOne(int flags, int type, ByteBuf value, ByteBuf whole)
      throws BgpProtocolException {
    boolean multiprotocol =
        type == AttributeType.MP_REACH_NLRI || type == AttributeType.MP_UNREACH_NLRI;
    if (isPresent(type)) {
      if (multiprotocol) {
        throw new BgpProtocolException(
            UPDATE_MESSAGE_ERROR,
            MALFORMED_ATTRIBUTE_LIST,
            AttributeType.name(type) + " appears twice");
      }
      discarded.add("duplicate " + AttributeType.name(type) + " discarded");
      return;
    }
    markSeen(type);
    int expected = AttributeType.expectedFlags(type);
    if (expected < 0) {
      decodeUnknown(flags, type, value, whole);
      return;
    }
    if (context.externalPeer() && isInternalOnly(type)) {
      discarded.add(AttributeType.name(type) + " from an external peer discarded");
      return;
    }
    try {
      if ((flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) != expected) {
        throw new MalformedAttributeException(
            ATTRIBUTE_FLAGS_ERROR,
            String.format("flags 0x%02x, expected 0x%02x", flags & 0xF0, expected));
      }
      decodeKnown(type, value);
    } catch (MalformedAttributeException e) {
      String reason = "malformed " + AttributeType.name(type) + ": " + e.getMessage();
      switch (actionFor(type)) {
        case NEXT_HOP_PROBLEM -> nextHopProblem = reason;
        case TREAT_AS_WITHDRAW -> {
          if (treatAsWithdrawReason == null) {
            treatAsWithdrawReason = reason;
          }
        }
        case DISCARD -> discarded.add(reason + " (discarded)");
        case RESET ->
            throw new BgpProtocolException(
                UPDATE_MESSAGE_ERROR, e.subcode(), ByteBufUtil.getBytes(whole), reason);
      }
    }
  }

  /** Attributes that only make sense inside an AS. */
  private static boolean isInternalOnly(int type) {
    return type == AttributeType.LOCAL_PREF
        || type == AttributeType.ORIGINATOR_ID
        || type == AttributeType.CLUSTER_LIST;
  }

  /** RFC 7606 §7: the action for a malformed attribute of a known type. */
  private static Action actionFor(int type) {
    return switch (type) {
      case AttributeType.ATOMIC_AGGREGATE,
          AttributeType.AGGREGATOR,
          AttributeType.AS4_PATH,
          AttributeType.AS4_AGGREGATOR ->
          Action.DISCARD;
      case AttributeType.MP_REACH_NLRI, AttributeType.MP_UNREACH_NLRI -> Action.RESET;
      case AttributeType.NEXT_HOP -> Action.NEXT_HOP_PROBLEM;
      default -> Action.TREAT_AS_WITHDRAW;
    };
  }

  private void decodeUnknown(int flags, int type, ByteBuf value, ByteBuf whole)
      throws BgpProtocolException {
    if ((flags & FLAG_OPTIONAL) == 0) {
      throw new BgpProtocolException(
          UPDATE_MESSAGE_ERROR,
          UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
          ByteBufUtil.getBytes(whole),
          "unrecognized well-known attribute " + type);
    }
    if ((flags & FLAG_TRANSITIVE) != 0) {
      unknown.add(new UnknownAttribute(flags & 0xF0, type, ByteBufUtil.getBytes(value)));
    }
    // An unknown optional non-transitive attribute is quietly ignored (RFC 4271 §5).
  }

  private void decodeKnown(int type, ByteBuf value) throws MalformedAttributeException {
    int length = value.readableBytes();
    switch (type) {
      case AttributeType.ORIGIN -> {
        requireLength(length == 1, length, "1");
        Origin origin = Origin.ofCode(value.readUnsignedByte());
        if (origin == null) {
          throw new MalformedAttributeException(
              INVALID_ORIGIN_ATTRIBUTE, "undefined value " + value.getUnsignedByte(0));
        }
        builder.origin(origin);
      }
      case AttributeType.AS_PATH -> {
        asPath = AsPathCodec.read(value, asnSize());
        if (context.externalPeer() && hasConfederationSegment(asPath)) {
          // RFC 7606 §7.2: only confederation members may send these.
          throw new MalformedAttributeException(
              MALFORMED_AS_PATH, "confederation segment from an external peer");
        }
      }
      case AttributeType.NEXT_HOP -> {
        requireLength(length == 4, length, "4");
        int address = value.readInt();
        if (address == 0 || address == -1 || (address >>> 28) == 0xE) {
          throw new MalformedAttributeException(
              INVALID_NEXT_HOP_ATTRIBUTE,
              "not a unicast address: " + InetAddresses.toAddrString(WireAddresses.ipv4(address)));
        }
        builder.nextHop(WireAddresses.ipv4(address));
      }
      case AttributeType.MULTI_EXIT_DISC -> {
        requireLength(length == 4, length, "4");
        builder.med(value.readUnsignedInt());
      }
      case AttributeType.LOCAL_PREF -> {
        requireLength(length == 4, length, "4");
        builder.localPref(value.readUnsignedInt());
      }
      case AttributeType.ATOMIC_AGGREGATE -> {
        requireLength(length == 0, length, "0");
        builder.atomicAggregate(true);
      }
      case AttributeType.AGGREGATOR -> {
        int asnSize = asnSize();
        requireLength(length == asnSize + 4, length, Integer.toString(asnSize + 4));
        long asn = asnSize == 4 ? value.readUnsignedInt() : value.readUnsignedShort();
        aggregator = new Aggregator(asn, WireAddresses.ipv4(value.readInt()));
      }
      case AttributeType.COMMUNITIES -> {
        requireLength(length > 0 && length % 4 == 0, length, "a non-zero multiple of 4");
        int[] communities = new int[length / 4];
        for (int i = 0; i < communities.length; i++) {
          communities[i] = value.readInt();
        }
        builder.communities(ImmutableIntArray.copyOf(communities));
      }
      case AttributeType.ORIGINATOR_ID -> {
        requireLength(length == 4, length, "4");
        builder.originatorId(WireAddresses.ipv4(value.readInt()));
      }
      case AttributeType.CLUSTER_LIST -> {
        requireLength(length > 0 && length % 4 == 0, length, "a non-zero multiple of 4");
        int[] clusters = new int[length / 4];
        for (int i = 0; i < clusters.length; i++) {
          clusters[i] = value.readInt();
        }
        builder.clusterList(ImmutableIntArray.copyOf(clusters));
      }
      case AttributeType.EXTENDED_COMMUNITIES -> {
        requireLength(length > 0 && length % 8 == 0, length, "a non-zero multiple of 8");
        long[] communities = new long[length / 8];
        for (int i = 0; i < communities.length; i++) {
          communities[i] = value.readLong();
        }
        builder.extendedCommunities(ImmutableLongArray.copyOf(communities));
      }
      case AttributeType.LARGE_COMMUNITIES -> {
        requireLength(length > 0 && length % 12 == 0, length, "a non-zero multiple of 12");
        List<LargeCommunity> communities = new ArrayList<>(length / 12);
        while (value.isReadable()) {
          communities.add(
              new LargeCommunity(
                  value.readUnsignedInt(), value.readUnsignedInt(), value.readUnsignedInt()));
        }
        builder.largeCommunities(communities);
      }
      case AttributeType.AS4_PATH -> decodeAs4Path(value);
      case AttributeType.AS4_AGGREGATOR -> {
        if (context.fourOctetAs()) {
          throw new MalformedAttributeException(
              OPTIONAL_ATTRIBUTE_ERROR, "sent by a 4-octet AS speaker");
        }
        requireLength(length == 8, length, "8");
        as4Aggregator =
            new Aggregator(value.readUnsignedInt(), WireAddresses.ipv4(value.readInt()));
      }
      case AttributeType.MP_REACH_NLRI -> decodeMpReach(value);
      case AttributeType.MP_UNREACH_NLRI -> decodeMpUnreach(value);
      default -> throw new AssertionError("expectedFlags and decodeKnown disagree on " + type);
    }
  }

  private void decodeAs4Path(ByteBuf value) throws MalformedAttributeException {
    if (context.fourOctetAs()) {
      // RFC 6793 §4.1: a 4-octet speaker never sends it, and one received is ignored.
      throw new MalformedAttributeException(
          OPTIONAL_ATTRIBUTE_ERROR, "sent by a 4-octet AS speaker");
    }
    AsPath path = AsPathCodec.read(value, 4);
    if (hasConfederationSegment(path)) {
      throw new MalformedAttributeException(
          MALFORMED_AS_PATH, "carries a confederation segment (RFC 6793 §6)");
    }
    as4Path = path;
  }

  private static boolean hasConfederationSegment(AsPath path) {
    for (AsPath.Segment segment : path.segments()) {
      if (segment.type().isConfederation()) {
        return true;
      }
    }
    return false;
  }

  private void decodeMpReach(ByteBuf value) throws MalformedAttributeException {
    multiprotocolSeen = true;
    if (value.readableBytes() < 5) {
      throw new MalformedAttributeException(
          ATTRIBUTE_LENGTH_ERROR, "length " + value.readableBytes() + " is below 5");
    }
    int afi = value.readUnsignedShort();
    int safi = value.readUnsignedByte();
    int nextHopLength = value.readUnsignedByte();
    if (nextHopLength + 1 > value.readableBytes()) {
      throw new MalformedAttributeException(
          OPTIONAL_ATTRIBUTE_ERROR, "next hop of " + nextHopLength + " bytes overruns it");
    }
    AddressFamily family = AddressFamily.of(afi, safi).orElse(null);
    if (family == null) {
      discarded.add("MP_REACH_NLRI of unknown AFI/SAFI " + afi + "/" + safi + " ignored");
      return;
    }
    InetAddress nextHop;
    Inet6Address linkLocal = null;
    if (family == AddressFamily.IPV4_UNICAST && nextHopLength == 4) {
      nextHop = WireAddresses.ipv4(value.readInt());
    } else if ((family == AddressFamily.IPV6_UNICAST
            || (family == AddressFamily.IPV4_UNICAST && context.extendedNextHop()))
        && (nextHopLength == 16 || nextHopLength == 32)) {
      // An IPv4 prefix's IPv6 next hop (RFC 8950 §3) has the form of an IPv6 prefix's.
      nextHop = WireAddresses.ipv6(value);
      if (nextHopLength == 32) {
        Inet6Address second = WireAddresses.ipv6(value);
        // Some speakers fill the link-local half with zeros when they have none.
        linkLocal = second.isAnyLocalAddress() ? null : second;
      }
    } else {
      throw new MalformedAttributeException(
          OPTIONAL_ATTRIBUTE_ERROR,
          "next hop length " + nextHopLength + " is invalid for " + family);
    }
    value.skipBytes(1); // reserved (once the SNPA count); ignored as RFC 4760 asks
    List<IpPrefix> prefixes = new ArrayList<>();
    ImmutableIntArray.Builder pathIds = pathIdsOf(family);
    String error = NlriCodec.read(value, family, prefixes, pathIds);
    if (error != null) {
      throw new MalformedAttributeException(OPTIONAL_ATTRIBUTE_ERROR, error);
    }
    mpReach = new MpReach(family, nextHop, linkLocal, prefixes);
    mpReachPathIds = pathIds == null ? ImmutableIntArray.of() : pathIds.build();
  }

  private void decodeMpUnreach(ByteBuf value) throws MalformedAttributeException {
    multiprotocolSeen = true;
    if (value.readableBytes() < 3) {
      throw new MalformedAttributeException(
          ATTRIBUTE_LENGTH_ERROR, "length " + value.readableBytes() + " is below 3");
    }
    int afi = value.readUnsignedShort();
    int safi = value.readUnsignedByte();
    AddressFamily family = AddressFamily.of(afi, safi).orElse(null);
    if (family == null) {
      discarded.add("MP_UNREACH_NLRI of unknown AFI/SAFI " + afi + "/" + safi + " ignored");
      return;
    }
    ImmutableIntArray.Builder pathIds = pathIdsOf(family);
    String error = NlriCodec.read(value, family, mpWithdrawn, pathIds);
    if (error != null) {
      throw new MalformedAttributeException(OPTIONAL_ATTRIBUTE_ERROR, error);
    }
    mpUnreachFamily = family;
    mpWithdrawnPathIds = pathIds == null ? ImmutableIntArray.of() : pathIds.build();
  }

  /** Where the family's path identifiers go, when the peer sends them; else null. */
  private ImmutableIntArray.Builder pathIdsOf(AddressFamily family) {
    return context.receivesPathIds(family) ? ImmutableIntArray.builder() : null;
  }

  private int asnSize() {
    return context.fourOctetAs() ? 4 : 2;
  }

  private static void requireLength(boolean ok, int length, String expected)
      throws MalformedAttributeException {
    if (!ok) {
      throw new MalformedAttributeException(
          ATTRIBUTE_LENGTH_ERROR, "length " + length + ", expected " + expected);
    }
  }

  /** Whether an attribute of this type was in the message (even if malformed). */
  boolean isPresent(int type) {
    return (seen[type >>> 6] & (1L << type)) != 0;
  }

  private void markSeen(int type) {
    seen[type >>> 6] |= 1L << type;
  }

  // Results, read by UpdateDecoder once decode() returned.

  /** Why the attribute list could not be walked to its end, or null when it could. */
  String framingError() {
    return framingError;
  }

  boolean multiprotocolSeen() {
    return multiprotocolSeen;
  }

  String treatAsWithdrawReason() {
    return treatAsWithdrawReason;
  }

  /** What was wrong with the NEXT_HOP attribute, or null when it was fine or absent. */
  String nextHopProblem() {
    return nextHopProblem;
  }

  List<String> discarded() {
    return discarded;
  }

  MpReach mpReach() {
    return mpReach;
  }

  List<IpPrefix> mpWithdrawn() {
    return mpWithdrawn;
  }

  /** The path identifiers of {@link #mpReach()}'s prefixes; empty when it carries none. */
  ImmutableIntArray mpReachPathIds() {
    return mpReachPathIds;
  }

  /** The path identifiers of {@link #mpWithdrawn()}; empty when it carries none. */
  ImmutableIntArray mpWithdrawnPathIds() {
    return mpWithdrawnPathIds;
  }

  /** Whether the attributes were exactly one MP_UNREACH_NLRI with no prefixes: End-of-RIB. */
  AddressFamily endOfRibFamily() {
    return attributeCount == 1 && mpUnreachFamily != null && mpWithdrawn.isEmpty()
        ? mpUnreachFamily
        : null;
  }

  /**
   * The attributes shared by all announced prefixes, with the real AS path and aggregator rebuilt
   * from AS4_PATH and AS4_AGGREGATOR for a 2-octet AS peer (RFC 6793 §4.2.3).
   */
  PathAttributes.Builder attributes() {
    AsPath path = asPath == null ? AsPath.EMPTY : asPath;
    Aggregator realAggregator = aggregator;
    boolean useAs4Path = as4Path != null;
    if (aggregator != null && as4Aggregator != null) {
      if (aggregator.asn() == OpenMessage.AS_TRANS) {
        realAggregator = as4Aggregator;
      } else {
        // The AGGREGATOR was set by a 2-octet speaker after the AS4_* were: both are stale.
        discarded.add("AS4_AGGREGATOR and AS4_PATH ignored: AGGREGATOR is not AS_TRANS");
        useAs4Path = false;
      }
    }
    if (useAs4Path) {
      path = AsPathCodec.merge(path, as4Path);
    }
    return builder.asPath(path).aggregator(realAggregator).unknownAttributes(unknown);
  }
}
