package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.INVALID_NETWORK_FIELD;
import static dev.tabby.bgp.wire.NotificationCodes.MALFORMED_ATTRIBUTE_LIST;
import static dev.tabby.bgp.wire.NotificationCodes.UPDATE_MESSAGE_ERROR;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.bgp.wire.AttributeDecoder.MpReach;
import dev.tabby.bgp.wire.UpdateMessage.Reach;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes an UPDATE body (RFC 4271 §4.3, RFC 4760) and applies RFC 7606: structural errors of the
 * withdrawn routes, attribute list and NLRI fields reset the session; a missing well-known
 * attribute or a malformed one of most kinds turns every announced prefix into a withdrawal. Where
 * ADD-PATH (RFC 7911) is negotiated for receiving a family, its NLRI carry path identifiers.
 */
final class UpdateDecoder {
  private UpdateDecoder() {}

  /** Decodes the body (everything after the header) of an UPDATE. */
  static UpdateMessage decode(ByteBuf body, CodecContext context) throws BgpProtocolException {
    int withdrawnLength = body.readUnsignedShort();
    if (withdrawnLength + 2 > body.readableBytes()) {
      throw malformedList("withdrawn routes length " + withdrawnLength + " overruns the message");
    }
    boolean ipv4PathIds = context.receivesPathIds(AddressFamily.IPV4_UNICAST);
    PathIdColumn withdrawnIds = new PathIdColumn(context);
    List<IpPrefix> withdrawn = new ArrayList<>();
    ByteBuf withdrawnField = body.readSlice(withdrawnLength);
    checkNlri(withdrawnField, "withdrawn routes", ipv4PathIds);
    ImmutableIntArray.Builder ipv4Withdrawn = ipv4PathIds ? ImmutableIntArray.builder() : null;
    NlriCodec.read(withdrawnField, AddressFamily.IPV4_UNICAST, withdrawn, ipv4Withdrawn);
    withdrawnIds.add(ipv4Withdrawn, withdrawn.size());
    int attributesLength = body.readUnsignedShort();
    if (attributesLength > body.readableBytes()) {
      throw malformedList(
          "total path attribute length " + attributesLength + " overruns the message");
    }
    ByteBuf attributeField = body.readSlice(attributesLength);
    checkNlri(body, "NLRI", ipv4PathIds);
    List<IpPrefix> nlri;
    ImmutableIntArray nlriIds = ImmutableIntArray.of();
    if (ipv4PathIds) {
      nlri = new ArrayList<>();
      ImmutableIntArray.Builder ids = ImmutableIntArray.builder();
      NlriCodec.read(body, AddressFamily.IPV4_UNICAST, nlri, ids);
      nlriIds = ids.build();
    } else {
      nlri = NlriCodec.readIpv4(body);
    }

    if (withdrawnLength == 0 && attributesLength == 0 && nlri.isEmpty()) {
      return UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST);
    }
    AttributeDecoder attributes = new AttributeDecoder(context);
    attributes.decode(attributeField);
    String treatAsWithdraw = attributes.treatAsWithdrawReason();
    if (attributes.framingError() != null) {
      if (!attributes.multiprotocolSeen()) {
        // RFC 7606 §4: an MP_REACH_NLRI hidden behind the error could not be withdrawn.
        throw malformedList(attributes.framingError());
      }
      treatAsWithdraw = attributes.framingError();
    }
    withdrawn.addAll(attributes.mpWithdrawn());
    withdrawnIds.add(attributes.mpWithdrawnPathIds(), attributes.mpWithdrawn().size());
    MpReach mpReach = attributes.mpReach();
    boolean announces = !nlri.isEmpty() || (mpReach != null && !mpReach.prefixes().isEmpty());
    if (treatAsWithdraw == null && !nlri.isEmpty()) {
      treatAsWithdraw = attributes.nextHopProblem();
    }
    if (treatAsWithdraw == null && announces) {
      treatAsWithdraw = missingWellKnown(attributes, !nlri.isEmpty());
    }
    List<String> discarded = attributes.discarded();
    if (attributes.nextHopProblem() != null && nlri.isEmpty()) {
      discarded.add(attributes.nextHopProblem() + " (ignored: no IPv4 NLRI)");
    }
    AddressFamily endOfRib =
        withdrawnLength == 0 && nlri.isEmpty() ? attributes.endOfRibFamily() : null;
    if (endOfRib != null) {
      return UpdateMessage.endOfRib(endOfRib);
    }

    List<Reach> reach = new ArrayList<>(2);
    if (treatAsWithdraw != null) {
      withdrawn.addAll(nlri);
      withdrawnIds.add(nlriIds, nlri.size());
      if (mpReach != null) {
        withdrawn.addAll(mpReach.prefixes());
        withdrawnIds.add(attributes.mpReachPathIds(), mpReach.prefixes().size());
      }
    } else if (announces) {
      PathAttributes.Builder shared = attributes.attributes();
      if (!nlri.isEmpty()) {
        reach.add(new Reach(shared.build(), nlri, nlriIds));
      }
      if (mpReach != null && !mpReach.prefixes().isEmpty()) {
        shared.nextHop(mpReach.nextHop()).linkLocalNextHop(mpReach.linkLocal());
        reach.add(new Reach(shared.build(), mpReach.prefixes(), attributes.mpReachPathIds()));
      }
    }
    return UpdateMessage.decoded(
        withdrawn,
        withdrawnIds.build(),
        reach,
        Optional.empty(),
        Optional.ofNullable(treatAsWithdraw),
        discarded);
  }

  /** RFC 4271 §6.3 with RFC 4760: ORIGIN and AS_PATH always, NEXT_HOP with IPv4 NLRI. */
  private static String missingWellKnown(AttributeDecoder attributes, boolean classicNlri) {
    if (!attributes.isPresent(AttributeType.ORIGIN)) {
      return "missing well-known attribute ORIGIN";
    }
    if (!attributes.isPresent(AttributeType.AS_PATH)) {
      return "missing well-known attribute AS_PATH";
    }
    if (classicNlri && !attributes.isPresent(AttributeType.NEXT_HOP)) {
      return "missing well-known attribute NEXT_HOP";
    }
    return null;
  }

  private static void checkNlri(ByteBuf field, String what, boolean withPathIds)
      throws BgpProtocolException {
    String error = NlriCodec.check(field, AddressFamily.IPV4_UNICAST, withPathIds);
    if (error != null) {
      throw new BgpProtocolException(
          UPDATE_MESSAGE_ERROR, INVALID_NETWORK_FIELD, "bad " + what + ": " + error);
    }
  }

  /**
   * The path identifiers of the withdrawn prefixes, gathered from several fields: empty when the
   * session receives none, else one per prefix, 0 for those of a family without them.
   */
  private static final class PathIdColumn {
    private final ImmutableIntArray.Builder ids;

    PathIdColumn(CodecContext context) {
      ids = context.pathIds().receive().isEmpty() ? null : ImmutableIntArray.builder();
    }

    /** Adds the identifiers of {@code count} prefixes: {@code fieldIds}, or 0s when it has none. */
    void add(ImmutableIntArray fieldIds, int count) {
      if (ids == null) {
        return;
      }
      if (fieldIds.isEmpty()) {
        for (int i = 0; i < count; i++) {
          ids.add(0);
        }
      } else {
        ids.addAll(fieldIds);
      }
    }

    void add(ImmutableIntArray.Builder fieldIds, int count) {
      add(fieldIds == null ? ImmutableIntArray.of() : fieldIds.build(), count);
    }

    ImmutableIntArray build() {
      return ids == null ? ImmutableIntArray.of() : ids.build();
    }
  }

  private static BgpProtocolException malformedList(String reason) {
    return new BgpProtocolException(UPDATE_MESSAGE_ERROR, MALFORMED_ATTRIBUTE_LIST, reason);
  }
}
