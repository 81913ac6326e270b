package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.BAD_MESSAGE_LENGTH;
import static dev.tabby.bgp.wire.NotificationCodes.BAD_MESSAGE_TYPE;
import static dev.tabby.bgp.wire.NotificationCodes.CONNECTION_NOT_SYNCHRONIZED;
import static dev.tabby.bgp.wire.NotificationCodes.MESSAGE_HEADER_ERROR;
import static dev.tabby.bgp.wire.WireTestSupport.MARKER;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.assertNotification;
import static dev.tabby.bgp.wire.WireTestSupport.decodeFailure;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

/** RFC 4271 §6.1: each header error with its exact subcode and data. */
class HeaderErrorTest {
  @Test
  void markerNotAllOnesIsConnectionNotSynchronized() {
    assertNotification(
        decodeFailure(hex("ffffffffffffffffffffffffffffff7f 0013 04"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        CONNECTION_NOT_SYNCHRONIZED,
        "");
  }

  @Test
  void lengthOutside19To4096CarriesTheLength() {
    assertNotification(
        decodeFailure(hex(MARKER + "0012 04"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        "0012");
    byte[] huge = new byte[4097];
    System.arraycopy(hex(MARKER + "1001 02"), 0, huge, 0, 19);
    assertNotification(
        decodeFailure(huge, TWO_OCTET), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, "1001");
  }

  @Test
  void lengthImpossibleForTheTypeCarriesTheLength() {
    assertNotification(
        decodeFailure(hex(MARKER + "0014 04 00"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        "0014");
    assertNotification(
        decodeFailure(hex(MARKER + "001c 01 04fde9005a0a00000200"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        "001c");
    assertNotification(
        decodeFailure(hex(MARKER + "0016 02 000000"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        "0016");
    assertNotification(
        decodeFailure(hex(MARKER + "0014 03 06"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        "0014");
    assertNotification(
        decodeFailure(hex(MARKER + "0018 05 00020001 00"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        "0018");
  }

  @Test
  void unknownTypeCarriesTheType() {
    assertNotification(
        decodeFailure(hex(MARKER + "0013 07"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_TYPE,
        "07");
  }

  @Test
  void frameThatDisagreesWithItsLengthIsABadLength() {
    assertNotification(
        decodeFailure(hex(MARKER + "0013 04 00"), TWO_OCTET),
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        "0013");
    assertNotification(
        decodeFailure(hex("ffff"), TWO_OCTET), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, "");
  }

  @Test
  void encoderRefusesAnEmptyUpdateThatWouldReadAsEndOfRib() {
    assertThatThrownBy(
            () ->
                BgpCodec.encode(
                    UpdateMessage.withdraw(java.util.List.of()),
                    TWO_OCTET,
                    UnpooledByteBufAllocator.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("End-of-RIB");
  }

  @Test
  void encoderRefusesMessagesOver4096Bytes() {
    Capabilities.Builder big = Capabilities.builder();
    for (int i = 0; i < 20; i++) {
      big.unknown(new UnknownCapability(200, new byte[255]));
    }
    OpenMessage open =
        OpenMessage.of(1, 90, (Inet4Address) InetAddresses.forString("10.0.0.1"), big.build());
    assertThatThrownBy(() -> BgpCodec.encode(open, TWO_OCTET, UnpooledByteBufAllocator.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 4096");
  }
}
