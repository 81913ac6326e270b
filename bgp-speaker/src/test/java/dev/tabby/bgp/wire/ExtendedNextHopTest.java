package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.OPTIONAL_ATTRIBUTE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;
import static dev.tabby.bgp.wire.NotificationCodes.UPDATE_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.WireTestSupport.assertNotification;
import static dev.tabby.bgp.wire.WireTestSupport.decode;
import static dev.tabby.bgp.wire.WireTestSupport.decodeFailure;
import static dev.tabby.bgp.wire.WireTestSupport.decodeUpdate;
import static dev.tabby.bgp.wire.WireTestSupport.encode;
import static dev.tabby.bgp.wire.WireTestSupport.hexAndRelease;
import static dev.tabby.bgp.wire.WireTestSupport.message;
import static dev.tabby.bgp.wire.WireTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.UpdateMessage.Reach;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8950: the capability, and IPv4 prefixes in MP_REACH_NLRI with an IPv6 next hop. */
class ExtendedNextHopTest {
  private static final CodecContext NEGOTIATED =
      new CodecContext(
          true, EnumSet.allOf(AddressFamily.class), false, false, PathIdFamilies.NONE, true);
  private static final CodecContext NOT_NEGOTIATED =
      new CodecContext(
          true, EnumSet.allOf(AddressFamily.class), false, false, PathIdFamilies.NONE, false);
  private static final String ORIGIN = "40 01 01 00";
  private static final String AS_PATH = "40 02 06 02 01 0000fde9"; // 4-octet: 65001
  private static final IpPrefix POD_BLOCK = IpPrefix.parse("10.244.1.0/26");
  private static final Inet6Address GLOBAL = ipv6("fd00:12::2");
  private static final Inet6Address LINK_LOCAL = ipv6("fe80::2");

  private static Inet6Address ipv6(String address) {
    return (Inet6Address) InetAddresses.forString(address);
  }

  private static OpenMessage open(Capabilities capabilities) {
    return OpenMessage.of(
        65001, 90, (Inet4Address) InetAddresses.forString("10.0.0.1"), capabilities);
  }

  @Test
  void capabilityIsCodeFiveWithSixBytesPerTuple() throws Exception {
    Capabilities capabilities =
        Capabilities.builder()
            .extendedNextHop(ExtendedNextHop.IPV4_UNICAST_OVER_IPV6)
            .extendedNextHop(new ExtendedNextHop(1, 128, 2))
            .build();
    String encoded = encode(open(capabilities), NOT_NEGOTIATED);
    // 16 bytes of optional parameters: parameter 2 (capabilities) of 14 bytes: code 5, length 12,
    // then two tuples.
    assertThat(encoded).endsWith("10020e050c000100010002000100800002");
    OpenMessage decoded = (OpenMessage) decode(WireTestSupport.hex(encoded), NOT_NEGOTIATED);
    assertThat(decoded.capabilities().extendedNextHop())
        .containsExactly(ExtendedNextHop.IPV4_UNICAST_OVER_IPV6, new ExtendedNextHop(1, 128, 2));
    assertThat(decoded.capabilities().unknown()).isEmpty();
  }

  @Test
  void capabilityOfAPartialTupleIsAnOpenError() {
    assertNotification(
        decodeFailure(
            message(BgpMessage.TYPE_OPEN, "04 fde9 005a 0a000002 06 02 04 05 02 0001"),
            NOT_NEGOTIATED),
        OPEN_MESSAGE_ERROR,
        UNSPECIFIC,
        "");
  }

  @Test
  void negotiatedOnlyWhenBothSidesOfferIpv4OverIpv6() {
    Capabilities offering =
        Capabilities.builder()
            .multiprotocol(EnumSet.allOf(AddressFamily.class))
            .extendedNextHop(ExtendedNextHop.IPV4_UNICAST_OVER_IPV6)
            .build();
    Capabilities vpnOnly =
        Capabilities.builder()
            .multiprotocol(EnumSet.allOf(AddressFamily.class))
            .extendedNextHop(new ExtendedNextHop(1, 128, 2))
            .build();
    Capabilities silent =
        Capabilities.builder().multiprotocol(EnumSet.allOf(AddressFamily.class)).build();
    assertThat(CodecContext.negotiated(open(offering), open(offering)).extendedNextHop()).isTrue();
    assertThat(CodecContext.negotiated(open(offering), open(silent)).extendedNextHop()).isFalse();
    assertThat(CodecContext.negotiated(open(silent), open(offering)).extendedNextHop()).isFalse();
    assertThat(CodecContext.negotiated(open(offering), open(vpnOnly)).extendedNextHop()).isFalse();
  }

  @Test
  void decodesIpv4PrefixesWithAGlobalIpv6NextHop() throws Exception {
    String mpReach = "90 0e 001a 0001 01 10 fd000012000000000000000000000002 00 | 1a 0af40100";
    UpdateMessage update = decodeUpdate(update("", ORIGIN + AS_PATH + mpReach, ""), NEGOTIATED);
    assertThat(update.treatAsWithdrawReason()).isEmpty();
    Reach reach = update.reach().get(0);
    assertThat(reach.prefixes()).containsExactly(POD_BLOCK);
    assertThat(reach.attributes().nextHop()).isEqualTo(GLOBAL);
    assertThat(reach.attributes().linkLocalNextHop()).isNull();
  }

  @Test
  void decodesIpv4PrefixesWithAGlobalAndLinkLocalNextHop() throws Exception {
    String mpReach =
        "90 0e 002a 0001 01 20 fd000012000000000000000000000002"
            + " fe800000000000000000000000000002 00 | 1a 0af40100";
    UpdateMessage update = decodeUpdate(update("", ORIGIN + AS_PATH + mpReach, ""), NEGOTIATED);
    Reach reach = update.reach().get(0);
    assertThat(reach.prefixes()).containsExactly(POD_BLOCK);
    assertThat(reach.attributes().nextHop()).isEqualTo(GLOBAL);
    assertThat(reach.attributes().linkLocalNextHop()).isEqualTo(LINK_LOCAL);
  }

  @Test
  void withoutTheCapabilityAnIpv6NextHopForIpv4ResetsTheSession() {
    // RFC 7606 §7.11: a malformed MP_REACH_NLRI resets the session; the data is the attribute.
    String mpReach = "90 0e 001a 0001 01 10 fd000012000000000000000000000002 00 | 1a 0af40100";
    assertNotification(
        decodeFailure(update("", ORIGIN + AS_PATH + mpReach, ""), NOT_NEGOTIATED),
        UPDATE_MESSAGE_ERROR,
        OPTIONAL_ATTRIBUTE_ERROR,
        "900e001a 00010110 fd000012000000000000000000000002 00 1a0af40100");
  }

  @Test
  void packsIpv4WithAnIpv6NextHopIntoMpReachAndDecodesItBack() throws Exception {
    PathAttributes attributes =
        PathAttributes.builder()
            .asPath(AsPath.sequence(65001))
            .nextHop(GLOBAL)
            .linkLocalNextHop(LINK_LOCAL)
            .build();
    List<IpPrefix> prefixes = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      prefixes.add(IpPrefix.ipv4(0x0AF4_0000 + (i << 6), 26));
    }
    ByteBuf packed =
        UpdatePacker.announce(attributes, prefixes, NEGOTIATED, UnpooledByteBufAllocator.DEFAULT);
    List<IpPrefix> received = new ArrayList<>();
    try {
      // The first message: no classic NEXT_HOP, the MP_REACH_NLRI of AFI 1 / SAFI 1 with 32 bytes.
      assertThat(packed.getByte(packed.readerIndex() + 23)).isEqualTo((byte) 0x90);
      assertThat(packed.getUnsignedShort(packed.readerIndex() + 27)).isEqualTo(1);
      assertThat(packed.getUnsignedByte(packed.readerIndex() + 29)).isEqualTo((short) 1);
      assertThat(packed.getUnsignedByte(packed.readerIndex() + 30)).isEqualTo((short) 32);
      while (packed.isReadable()) {
        int length = packed.getUnsignedShort(packed.readerIndex() + 16);
        assertThat(length).isLessThanOrEqualTo(4096);
        UpdateMessage update =
            (UpdateMessage) BgpCodec.decode(packed.readSlice(length), NEGOTIATED);
        assertThat(update.reach())
            .singleElement()
            .extracting(Reach::attributes)
            .isEqualTo(attributes);
        received.addAll(update.reach().get(0).prefixes());
      }
    } finally {
      packed.release();
    }
    assertThat(received).isEqualTo(prefixes);
  }

  @Test
  void encodesOneUpdateWithAnIpv6NextHopForIpv4() throws Exception {
    PathAttributes attributes =
        PathAttributes.builder().asPath(AsPath.sequence(65001)).nextHop(GLOBAL).build();
    UpdateMessage update = UpdateMessage.announce(attributes, List.of(POD_BLOCK));
    String encoded = encode(update, NEGOTIATED);
    assertThat(encoded)
        .contains("900e001a000101" + "10fd000012000000000000000000000002" + "00" + "1a0af40100");
    assertThat(decode(WireTestSupport.hex(encoded), NEGOTIATED)).isEqualTo(update);
  }

  @Test
  void refusesAnIpv6NextHopForIpv4WithoutTheCapability() {
    PathAttributes attributes =
        PathAttributes.builder().asPath(AsPath.sequence(65001)).nextHop(GLOBAL).build();
    assertThatThrownBy(
            () ->
                hexAndRelease(
                    UpdatePacker.announce(
                        attributes,
                        List.of(POD_BLOCK),
                        NOT_NEGOTIATED,
                        UnpooledByteBufAllocator.DEFAULT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("extended next hop");
  }
}
