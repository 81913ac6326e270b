package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.INVALID_NETWORK_FIELD;
import static dev.tabby.bgp.wire.NotificationCodes.OPTIONAL_ATTRIBUTE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UPDATE_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.WireTestSupport.assertNotification;
import static dev.tabby.bgp.wire.WireTestSupport.decode;
import static dev.tabby.bgp.wire.WireTestSupport.decodeFailure;
import static dev.tabby.bgp.wire.WireTestSupport.decodeUpdate;
import static dev.tabby.bgp.wire.WireTestSupport.encode;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static dev.tabby.bgp.wire.WireTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NLRI with ADD-PATH path identifiers (RFC 7911 §3), in every field that carries prefixes. */
class AddPathNlriTest {
  private static final Set<AddressFamily> ALL = EnumSet.allOf(AddressFamily.class);
  private static final Set<AddressFamily> NONE = Set.of();

  /** Receives and sends path identifiers in both families. */
  private static final CodecContext BOTH =
      new CodecContext(true, ALL, false, false, new PathIdFamilies(ALL, ALL), false);

  /** Receives path identifiers in IPv6 only. */
  private static final CodecContext IPV6_ONLY =
      new CodecContext(
          true,
          ALL,
          false,
          false,
          new PathIdFamilies(NONE, Set.of(AddressFamily.IPV6_UNICAST)),
          false);

  private static final String MANDATORY = "40 01 01 00 | 40 02 00 | 40 03 04 0a000001";
  private static final IpPrefix P24 = IpPrefix.parse("10.1.0.0/24");
  private static final IpPrefix V6 = IpPrefix.parse("fd00:1::/64");

  @Test
  void decodesTwoPathsForOnePrefixInTheNlriField() throws Exception {
    UpdateMessage update =
        decodeUpdate(update("", MANDATORY, "00000001 18 0a0100 | 00000002 18 0a0100"), BOTH);

    UpdateMessage.Reach reach = update.reach().get(0);
    assertThat(reach.prefixes()).containsExactly(P24, P24);
    assertThat(reach.pathIds()).isEqualTo(ImmutableIntArray.of(1, 2));
  }

  @Test
  void decodesPathIdsOfWithdrawnRoutes() throws Exception {
    UpdateMessage update = decodeUpdate(update("00000007 18 0a0100", "", ""), BOTH);

    assertThat(update.withdrawn()).containsExactly(P24);
    assertThat(update.withdrawnPathId(0)).isEqualTo(7);
  }

  @Test
  void decodesMpReachAndMpUnreachWithPathIdsWhereOnlyIpv6CarriesThem() throws Exception {
    String mpReach =
        "80 0e 22 0002 01 10 fd000000000000000000000000000001 00"
            + "| 00000009 40 fd00000100000000";
    String mpUnreach = "80 0f 10 0002 01 | 0000000a 40 fd00000100000000";
    UpdateMessage update =
        decodeUpdate(
            update("18 0a0100", mpUnreach + mpReach + "40 01 01 00 | 40 02 00", ""), IPV6_ONLY);

    // IPv4 has no identifiers here: its withdrawal reads as path 0.
    assertThat(update.withdrawn()).containsExactly(P24, V6);
    assertThat(update.withdrawnPathIds()).isEqualTo(ImmutableIntArray.of(0, 10));
    assertThat(update.reach().get(0).prefixes()).containsExactly(V6);
    assertThat(update.reach().get(0).pathIds()).isEqualTo(ImmutableIntArray.of(9));
  }

  @Test
  void treatAsWithdrawKeepsThePathIds() throws Exception {
    // No AS_PATH: every announced path is withdrawn, each by its identifier.
    UpdateMessage update =
        decodeUpdate(update("", "40 01 01 00 | 40 03 04 0a000001", "00000003 18 0a0100"), BOTH);
    assertThat(update.treatAsWithdrawReason()).isPresent();
    assertThat(update.withdrawn()).containsExactly(P24);
    assertThat(update.withdrawnPathIds()).isEqualTo(ImmutableIntArray.of(3));
  }

  @Test
  void roundTripsAnUpdateWithPathIds() throws Exception {
    PathAttributes v4 = attributes("10.0.0.1");
    UpdateMessage original =
        UpdateMessage.of(
            List.of(IpPrefix.parse("10.2.0.0/16"), V6),
            ImmutableIntArray.of(4, 5),
            List.of(new UpdateMessage.Reach(v4, List.of(P24, P24), ImmutableIntArray.of(1, 2))));

    assertThat(decode(hex(encode(original, BOTH)), BOTH)).isEqualTo(original);
  }

  @Test
  void packsPathIdsIntoFullMessages() throws Exception {
    PathAttributes v6 = attributes("fd00::1");
    List<IpPrefix> prefixes = new ArrayList<>();
    ImmutableIntArray.Builder ids = ImmutableIntArray.builder();
    for (int i = 0; i < 500; i++) {
      prefixes.add(IpPrefix.ipv6(0xfd00_0000_0000_0000L + ((long) i << 16), 0, 64));
      ids.add(1000 + i);
    }
    ByteBuf packed =
        UpdatePacker.announce(v6, prefixes, ids.build(), BOTH, UnpooledByteBufAllocator.DEFAULT);
    ByteBuf withdrawn =
        UpdatePacker.withdraw(prefixes, ids.build(), UnpooledByteBufAllocator.DEFAULT);
    try {
      List<IpPrefix> announced = new ArrayList<>();
      ImmutableIntArray.Builder announcedIds = ImmutableIntArray.builder();
      for (UpdateMessage update : decodeAll(packed)) {
        UpdateMessage.Reach reach = update.reach().get(0);
        announced.addAll(reach.prefixes());
        announcedIds.addAll(reach.pathIds());
      }
      assertThat(announced).isEqualTo(prefixes);
      assertThat(announcedIds.build()).isEqualTo(ids.build());
      List<IpPrefix> gone = new ArrayList<>();
      ImmutableIntArray.Builder goneIds = ImmutableIntArray.builder();
      for (UpdateMessage update : decodeAll(withdrawn)) {
        gone.addAll(update.withdrawn());
        goneIds.addAll(update.withdrawnPathIds());
      }
      assertThat(gone).isEqualTo(prefixes);
      assertThat(goneIds.build()).isEqualTo(ids.build());
    } finally {
      packed.release();
      withdrawn.release();
    }
  }

  @Test
  void aTruncatedPathIdInTheNlriFieldResetsTheSession() {
    assertNotification(
        decodeFailure(update("", MANDATORY, "00000001 18 0a0100 | 000000"), BOTH),
        UPDATE_MESSAGE_ERROR,
        INVALID_NETWORK_FIELD,
        "");
  }

  @Test
  void prefixesWithoutPathIdsFromAnAddPathPeerAreMalformed() {
    // 10.1.0.0/24 read as path id 0x180a0100 followed by nothing.
    assertNotification(
        decodeFailure(update("18 0a0100", "", ""), BOTH),
        UPDATE_MESSAGE_ERROR,
        INVALID_NETWORK_FIELD,
        "");
  }

  @Test
  void aTruncatedPathIdInMpReachResetsTheSessionAsAnyBrokenMpReach() {
    String mpReach = "80 0e 1a 0002 01 10 fd000000000000000000000000000001 00 | 00000009 40";
    assertNotification(
        decodeFailure(update("", mpReach + "40 01 01 00 | 40 02 00", ""), IPV6_ONLY),
        UPDATE_MESSAGE_ERROR,
        OPTIONAL_ATTRIBUTE_ERROR,
        "800e1a00020110fd000000000000000000000000000001000000000940");
  }

  private static PathAttributes attributes(String nextHop) {
    return PathAttributes.builder()
        .origin(Origin.IGP)
        .asPath(AsPath.sequence(65001))
        .nextHop(InetAddresses.forString(nextHop))
        .build();
  }

  private static List<UpdateMessage> decodeAll(ByteBuf messages) throws Exception {
    List<UpdateMessage> decoded = new ArrayList<>();
    ByteBuf view = messages.duplicate();
    while (view.isReadable()) {
      int length = view.getUnsignedShort(view.readerIndex() + 16);
      decoded.add((UpdateMessage) decode(ByteBufUtil.getBytes(view.readSlice(length)), BOTH));
    }
    return decoded;
  }
}
