package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.BAD_BGP_IDENTIFIER;
import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNACCEPTABLE_HOLD_TIME;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;
import static dev.tabby.bgp.wire.NotificationCodes.UNSUPPORTED_OPTIONAL_PARAMETER;
import static dev.tabby.bgp.wire.NotificationCodes.UNSUPPORTED_VERSION_NUMBER;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.assertNotification;
import static dev.tabby.bgp.wire.WireTestSupport.decode;
import static dev.tabby.bgp.wire.WireTestSupport.decodeFailure;
import static dev.tabby.bgp.wire.WireTestSupport.encode;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static dev.tabby.bgp.wire.WireTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

class OpenCodecTest {
  private static final int OPEN = BgpMessage.TYPE_OPEN;

  private static OpenMessage decodeOpen(String bodyHex) throws BgpProtocolException {
    return (OpenMessage) decode(message(OPEN, bodyHex), TWO_OCTET);
  }

  @Test
  void acceptsEachCapabilityInItsOwnParameterAsJunosSends() throws Exception {
    OpenMessage open =
        decodeOpen(
            "04 fde9 005a 0a000002 | 1c"
                + "| 02 06 01 04 0001 00 01" // multiprotocol IPv4 unicast
                + "| 02 06 01 04 0002 00 01" // multiprotocol IPv6 unicast
                + "| 02 02 80 00" // route refresh, pre-standard code
                + "| 02 06 41 04 fa56ea00"); // 4-octet AS 4200000000
    assertThat(open.myAs()).isEqualTo(4200000000L);
    assertThat(open.holdTime()).isEqualTo(90);
    assertThat(open.bgpIdentifier()).isEqualTo(InetAddresses.forString("10.0.0.2"));
    assertThat(open.capabilities().multiprotocol())
        .containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    assertThat(open.capabilities().routeRefresh()).isTrue();
    assertThat(open.capabilities().fourOctetAs()).hasValue(4200000000L);
  }

  @Test
  void decodesExtendedOptionalParametersLength() throws Exception {
    // RFC 9072: 255 in the length and in the first type octet, then 2-byte lengths throughout.
    OpenMessage open =
        decodeOpen(
            "04 fde9 005a 0a000002 | ff ff 0012"
                + "| 02 0006 01 04 0002 00 01"
                + "| 02 0006 41 04 0000fde9");
    assertThat(open.capabilities().multiprotocol()).containsExactly(AddressFamily.IPV6_UNICAST);
    assertThat(open.myAs()).isEqualTo(65001);
  }

  @Test
  void encodesExtendedOptionalParametersWhenCapabilitiesExceed255Bytes() throws Exception {
    Capabilities.Builder big = Capabilities.builder();
    for (int code = 200; code < 220; code++) {
      big.unknown(new UnknownCapability(code, new byte[12]));
    }
    OpenMessage open =
        OpenMessage.of(65001, 90, (Inet4Address) InetAddresses.forString("10.0.0.1"), big.build());
    String encoded = encode(open, TWO_OCTET);
    // 20 capabilities of 14 bytes: 280, in one parameter of 3 + 280 bytes.
    assertThat(encoded.substring(2 * 28, 2 * 34)).isEqualTo("ffff011b0201");
    assertThat(decode(hex(encoded), TWO_OCTET)).isEqualTo(open);
  }

  @Test
  void keepsUnknownCapabilitiesAndFamiliesAndSkipsUnknownGracefulRestartFamilies()
      throws Exception {
    OpenMessage open =
        decodeOpen(
            "04 fde9 0000 0a000002 | 16 | 02 14"
                + "| 01 04 0001 00 80" // multiprotocol IPv4 MPLS VPN: not ours
                + "| 40 0a 0078 0001 80 00 0001 01 80" // graceful restart, VPN family skipped
                + "| 46 00"); // enhanced route refresh: unknown to us
    assertThat(open.capabilities().multiprotocol()).isEmpty();
    assertThat(open.capabilities().unknown())
        .containsExactly(
            new UnknownCapability(1, hex("00010080")), new UnknownCapability(70, new byte[0]));
    GracefulRestart gr = open.capabilities().gracefulRestart();
    assertThat(gr.restartState()).isFalse();
    assertThat(gr.restartTimeSeconds()).isEqualTo(120);
    assertThat(gr.forwardingPreserved())
        .containsExactly(java.util.Map.entry(AddressFamily.IPV4_UNICAST, true));
  }

  @Test
  void holdTimeZeroAndThreeAreAcceptable() throws Exception {
    assertThat(decodeOpen("04 fde9 0000 0a000002 00").holdTime()).isZero();
    assertThat(decodeOpen("04 fde9 0003 0a000002 00").holdTime()).isEqualTo(3);
  }

  @Test
  void unsupportedVersionTellsOurVersion() {
    assertNotification(
        decodeFailure(message(OPEN, "03 fde9 005a 0a000002 00"), TWO_OCTET),
        OPEN_MESSAGE_ERROR,
        UNSUPPORTED_VERSION_NUMBER,
        "0004");
  }

  @Test
  void holdTimeOneOrTwoIsUnacceptable() {
    for (String hold : new String[] {"0001", "0002"}) {
      assertNotification(
          decodeFailure(message(OPEN, "04 fde9 " + hold + " 0a000002 00"), TWO_OCTET),
          OPEN_MESSAGE_ERROR,
          UNACCEPTABLE_HOLD_TIME,
          "");
    }
  }

  @Test
  void zeroBgpIdentifierIsBad() {
    assertNotification(
        decodeFailure(message(OPEN, "04 fde9 005a 00000000 00"), TWO_OCTET),
        OPEN_MESSAGE_ERROR,
        BAD_BGP_IDENTIFIER,
        "");
  }

  @Test
  void authenticationParameterIsUnsupported() {
    assertNotification(
        decodeFailure(message(OPEN, "04 fde9 005a 0a000002 03 01 01 00"), TWO_OCTET),
        OPEN_MESSAGE_ERROR,
        UNSUPPORTED_OPTIONAL_PARAMETER,
        "");
  }

  @Test
  void malformedParametersAndCapabilitiesAreUnspecificOpenErrors() {
    String[] bodies = {
      "04 fde9 005a 0a000002 05 02 02 02 00", // parameters length says 5, 4 follow
      "04 fde9 005a 0a000002 02 02 05 ", // parameter overruns
      "04 fde9 005a 0a000002 01 02", // parameter header truncated
      "04 fde9 005a 0a000002 04 02 02 01 05", // capability overruns its parameter
      "04 fde9 005a 0a000002 03 02 01 01", // capability header truncated
      "04 fde9 005a 0a000002 05 02 03 01 01 00", // multiprotocol of length 1
      "04 fde9 005a 0a000002 06 02 04 41 02 fde9", // 4-octet AS of length 2
      "04 fde9 005a 0a000002 07 02 05 40 03 000000", // graceful restart of length 3
      "04 fde9 005a 0a000002 ff ff 00", // extended parameters length truncated
    };
    for (String body : bodies) {
      assertNotification(
          decodeFailure(message(OPEN, body), TWO_OCTET), OPEN_MESSAGE_ERROR, UNSPECIFIC, "");
    }
  }

  @Test
  void roundTripsEveryCapability() throws Exception {
    OpenMessage open =
        OpenMessage.of(
            65001,
            240,
            (Inet4Address) InetAddresses.forString("192.0.2.9"),
            Capabilities.builder()
                .multiprotocol(AddressFamily.IPV6_UNICAST)
                .routeRefresh(true)
                .gracefulRestart(
                    new GracefulRestart(
                        false, 4095, java.util.Map.of(AddressFamily.IPV6_UNICAST, true), true))
                .fourOctetAs(65001)
                .unknown(new UnknownCapability(70, new byte[0]))
                .extendedMessages(true)
                .build());
    assertThat(decode(hex(encode(open, TWO_OCTET)), TWO_OCTET)).isEqualTo(open);
  }
}
