package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.AddPath.Direction.BOTH;
import static dev.tabby.bgp.wire.AddPath.Direction.RECEIVE;
import static dev.tabby.bgp.wire.AddPath.Direction.SEND;
import static dev.tabby.bgp.wire.AddressFamily.IPV4_UNICAST;
import static dev.tabby.bgp.wire.AddressFamily.IPV6_UNICAST;
import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.assertNotification;
import static dev.tabby.bgp.wire.WireTestSupport.decode;
import static dev.tabby.bgp.wire.WireTestSupport.decodeFailure;
import static dev.tabby.bgp.wire.WireTestSupport.encode;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static dev.tabby.bgp.wire.WireTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddPathCapabilityTest {
  private static final Inet4Address ID = (Inet4Address) InetAddresses.forString("10.0.0.1");

  @Test
  void roundTripsPerFamilyDirections() throws Exception {
    AddPath addPath = new AddPath(Map.of(IPV6_UNICAST, RECEIVE, IPV4_UNICAST, BOTH));
    OpenMessage open =
        OpenMessage.of(65001, 90, ID, Capabilities.builder().addPath(addPath).build());

    String encoded = encode(open, TWO_OCTET);

    // Code 69, 8 bytes: IPv4 unicast both (3), IPv6 unicast receive (1), in AFI order.
    assertThat(encoded).endsWith("020a45080001010300020101");
    OpenMessage decoded = (OpenMessage) decode(hex(encoded), TWO_OCTET);
    assertThat(decoded).isEqualTo(open);
    assertThat(decoded.capabilities().addPath().families())
        .containsExactly(Map.entry(IPV4_UNICAST, BOTH), Map.entry(IPV6_UNICAST, RECEIVE));
  }

  @Test
  void leavesTheCapabilityOutWhenThereIsNone() throws Exception {
    OpenMessage open = OpenMessage.of(65001, 90, ID, Capabilities.builder().build());
    assertThat(encode(open, TWO_OCTET)).doesNotContain("45");
    assertThat(((OpenMessage) decode(hex(encode(open, TWO_OCTET)), TWO_OCTET)).capabilities())
        .extracting(Capabilities::addPath)
        .isEqualTo(AddPath.NONE);
  }

  @Test
  void skipsUnknownFamiliesAndUndefinedDirections() throws Exception {
    OpenMessage open =
        (OpenMessage)
            decode(
                message(
                    BgpMessage.TYPE_OPEN,
                    "04 fde9 005a 0a000002 | 10 | 02 0e 45 0c"
                        + "| 0001 80 03" // IPv4 MPLS VPN: not a family of ours
                        + "| 0001 01 02" // IPv4 unicast: send
                        + "| 0002 01 07"), // IPv6 unicast: 7 is no direction
                TWO_OCTET);
    assertThat(open.capabilities().addPath().families())
        .containsExactly(Map.entry(IPV4_UNICAST, SEND));
  }

  @Test
  void aValueOfBrokenEntriesIsAnOpenError() {
    byte[] open = message(BgpMessage.TYPE_OPEN, "04 fde9 005a 0a000002 | 05 | 02 03 45 01 | 00");
    BgpProtocolException e =
        catchThrowableOfType(BgpProtocolException.class, () -> decode(open, TWO_OCTET));
    assertThat(e.getMessage()).contains("capability 69 has invalid length 1");
    assertNotification(decodeFailure(open, TWO_OCTET), OPEN_MESSAGE_ERROR, UNSPECIFIC, "");
  }

  @Test
  void negotiatesEachDirectionFromBothOffers() {
    Set<AddressFamily> both = EnumSet.of(IPV4_UNICAST, IPV6_UNICAST);
    // Ours, theirs, then whether we send and whether we receive path identifiers.
    Object[][] matrix = {
      {RECEIVE, RECEIVE, false, false},
      {RECEIVE, SEND, false, true},
      {RECEIVE, BOTH, false, true},
      {SEND, RECEIVE, true, false},
      {SEND, SEND, false, false},
      {SEND, BOTH, true, false},
      {BOTH, RECEIVE, true, false},
      {BOTH, SEND, false, true},
      {BOTH, BOTH, true, true},
      {BOTH, null, false, false},
      {null, BOTH, false, false},
    };
    for (Object[] row : matrix) {
      AddPath ours = offer(IPV4_UNICAST, (AddPath.Direction) row[0]);
      AddPath theirs = offer(IPV4_UNICAST, (AddPath.Direction) row[1]);
      PathIdFamilies agreed = PathIdFamilies.negotiate(ours, theirs, both);
      assertThat(agreed.send().contains(IPV4_UNICAST))
          .as("we send with ours %s, theirs %s", row[0], row[1])
          .isEqualTo(row[2]);
      assertThat(agreed.receive().contains(IPV4_UNICAST))
          .as("we receive with ours %s, theirs %s", row[0], row[1])
          .isEqualTo(row[3]);
      assertThat(agreed.send()).doesNotContain(IPV6_UNICAST);
    }
  }

  @Test
  void aFamilyNotNegotiatedCarriesNoPathIds() {
    AddPath everything = AddPath.of(EnumSet.allOf(AddressFamily.class), BOTH);
    PathIdFamilies agreed =
        PathIdFamilies.negotiate(everything, everything, EnumSet.of(IPV6_UNICAST));
    assertThat(agreed.send()).containsExactly(IPV6_UNICAST);
    assertThat(agreed.receive()).containsExactly(IPV6_UNICAST);
  }

  @Test
  void theCodecContextOfTwoOpensHasTheAgreedFamilies() {
    OpenMessage ours =
        OpenMessage.of(
            65001,
            90,
            ID,
            Capabilities.builder()
                .multiprotocol(IPV4_UNICAST)
                .addPath(offer(IPV4_UNICAST, BOTH))
                .build());
    OpenMessage theirs =
        OpenMessage.of(
            65001,
            90,
            (Inet4Address) InetAddresses.forString("10.0.0.2"),
            Capabilities.builder()
                .multiprotocol(IPV4_UNICAST)
                .addPath(offer(IPV4_UNICAST, RECEIVE))
                .build());
    CodecContext context = CodecContext.negotiated(ours, theirs);
    assertThat(context.sendsPathIds(IPV4_UNICAST)).isTrue();
    assertThat(context.receivesPathIds(IPV4_UNICAST)).isFalse();
  }

  private static AddPath offer(AddressFamily family, AddPath.Direction direction) {
    return direction == null ? AddPath.NONE : new AddPath(Map.of(family, direction));
  }
}
