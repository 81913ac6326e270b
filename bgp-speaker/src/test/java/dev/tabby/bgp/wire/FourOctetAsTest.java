package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.WireTestSupport.FOUR_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.decodeUpdate;
import static dev.tabby.bgp.wire.WireTestSupport.encode;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static dev.tabby.bgp.wire.WireTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AsPath.Segment;
import dev.tabby.bgp.wire.AsPath.SegmentType;
import dev.tabby.net.IpPrefix;
import java.net.Inet4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6793: AS_TRANS, AS4_PATH and AS4_AGGREGATOR with a peer that has only 2-octet ASNs. */
class FourOctetAsTest {
  private static final String ORIGIN = "40 01 01 00";
  private static final String NEXT_HOP = "40 03 04 0a000001";
  private static final String NLRI = "18 0a0100";
  private static final Inet4Address AGGREGATOR_ID =
      (Inet4Address) InetAddresses.forString("10.0.0.9");

  private static PathAttributes decodeFromTwoOctetPeer(String attributes) throws Exception {
    UpdateMessage update =
        decodeUpdate(update("", ORIGIN + NEXT_HOP + attributes, NLRI), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).isEmpty();
    return update.reach().get(0).attributes();
  }

  @Test
  void as4PathReplacesTheAsTransEntries() throws Exception {
    PathAttributes a =
        decodeFromTwoOctetPeer("40 02 06 02 02 5ba0 fdea | c0 11 0a 02 02 fa56ea00 0000fdea");
    assertThat(a.asPath()).isEqualTo(AsPath.sequence(4200000000L, 65002));
  }

  @Test
  void leadingAsnsAddedByTwoOctetSpeakersAreKept() throws Exception {
    // 65001 (a 2-octet speaker that prepended itself), then the part AS4_PATH covers.
    PathAttributes a =
        decodeFromTwoOctetPeer("40 02 08 02 03 fde9 5ba0 fdea | c0 11 0a 02 02 fa56ea00 0000fdea");
    assertThat(a.asPath()).isEqualTo(AsPath.sequence(65001, 4200000000L, 65002));
  }

  @Test
  void leadingConfederationSegmentsAreKept() throws Exception {
    PathAttributes a =
        decodeFromTwoOctetPeer(
            "40 02 0a 03 01 fe00 | 02 02 5ba0 fdea | c0 11 0a 02 02 fa56ea00 0000fdea");
    assertThat(a.asPath())
        .isEqualTo(
            AsPath.of(
                List.of(
                    new Segment(SegmentType.CONFED_SEQUENCE, new long[] {65024}),
                    new Segment(SegmentType.SEQUENCE, new long[] {4200000000L, 65002}))));
  }

  @Test
  void setsCountOnceWhenMerging() throws Exception {
    PathAttributes a =
        decodeFromTwoOctetPeer(
            "40 02 0a 02 01 fde9 | 01 02 5ba0 fdea | c0 11 0a 01 02 fa56ea00 0000fdea");
    assertThat(a.asPath()).hasToString("65001 {4200000000 65002}");
  }

  @Test
  void as4PathLongerThanAsPathIsIgnored() throws Exception {
    PathAttributes a =
        decodeFromTwoOctetPeer("40 02 04 02 01 fdea | c0 11 0a 02 02 fa56ea00 0000fdea");
    assertThat(a.asPath()).isEqualTo(AsPath.sequence(65002));
  }

  @Test
  void as4AggregatorReplacesAnAsTransAggregator() throws Exception {
    PathAttributes a =
        decodeFromTwoOctetPeer(
            "40 02 04 02 01 5ba0 | c0 07 06 5ba0 0a000009 | c0 11 06 02 01 fa56ea00"
                + "| c0 12 08 fa56ea00 0a000009");
    assertThat(a.aggregator()).isEqualTo(new Aggregator(4200000000L, AGGREGATOR_ID));
    assertThat(a.asPath()).isEqualTo(AsPath.sequence(4200000000L));
  }

  @Test
  void aggregatorOfATwoOctetSpeakerVoidsBothAs4Attributes() throws Exception {
    PathAttributes a =
        decodeFromTwoOctetPeer(
            "40 02 04 02 01 5ba0 | c0 07 06 fde9 0a000009 | c0 11 06 02 01 fa56ea00"
                + "| c0 12 08 fa56ea00 0a000009");
    assertThat(a.aggregator()).isEqualTo(new Aggregator(65001, AGGREGATOR_ID));
    assertThat(a.asPath()).isEqualTo(AsPath.sequence(23456));
  }

  @Test
  void encodingForATwoOctetPeerSubstitutesAsTransAndAddsAs4Attributes() {
    PathAttributes a =
        PathAttributes.builder()
            .asPath(
                AsPath.of(
                    List.of(
                        new Segment(SegmentType.CONFED_SEQUENCE, new long[] {65024}),
                        new Segment(SegmentType.SEQUENCE, new long[] {4200000000L, 65002}))))
            .nextHop(InetAddresses.forString("10.0.0.1"))
            .aggregator(new Aggregator(4200000000L, AGGREGATOR_ID))
            .build();
    UpdateMessage update = UpdateMessage.announce(a, List.of(IpPrefix.parse("10.1.0.0/24")));
    String expected =
        hex(
            update(
                "",
                ORIGIN
                    + "| 40 02 0a 03 01 fe00 02 02 5ba0 fdea"
                    + NEXT_HOP
                    + "| c0 07 06 5ba0 0a000009"
                    + "| c0 11 0a 02 02 fa56ea00 0000fdea" // no confederation segment
                    + "| c0 12 08 fa56ea00 0a000009",
                NLRI));
    assertThat(encode(update, TWO_OCTET)).isEqualTo(expected);
  }

  @Test
  void encodingForAFourOctetPeerSendsNoAs4Attributes() {
    PathAttributes a =
        PathAttributes.builder()
            .asPath(AsPath.sequence(4200000000L))
            .nextHop(InetAddresses.forString("10.0.0.1"))
            .aggregator(new Aggregator(4200000000L, AGGREGATOR_ID))
            .build();
    assertThat(
            encode(UpdateMessage.announce(a, List.of(IpPrefix.parse("10.1.0.0/24"))), FOUR_OCTET))
        .isEqualTo(
            hex(
                update(
                    "",
                    ORIGIN
                        + "| 40 02 06 02 01 fa56ea00"
                        + NEXT_HOP
                        + "| c0 07 08 fa56ea00 0a000009",
                    NLRI)));
  }

  @Test
  void pathsSurviveTheTwoOctetRoundTrip() throws Exception {
    for (AsPath path :
        List.of(
            AsPath.sequence(65001, 4200000000L, 65002, 4200000001L),
            AsPath.sequence(4200000000L).prepend(65010, 3),
            AsPath.of(
                List.of(
                    new Segment(SegmentType.SEQUENCE, new long[] {1, 70000}),
                    new Segment(SegmentType.SET, new long[] {70001, 2}))))) {
      PathAttributes a =
          PathAttributes.builder()
              .asPath(path)
              .nextHop(InetAddresses.forString("10.0.0.1"))
              .aggregator(new Aggregator(4200000000L, AGGREGATOR_ID))
              .build();
      UpdateMessage sent = UpdateMessage.announce(a, List.of(IpPrefix.parse("10.1.0.0/24")));
      UpdateMessage received = decodeUpdate(hex(encode(sent, TWO_OCTET)), TWO_OCTET);
      assertThat(received).as("path %s", path).isEqualTo(sent);
    }
  }

  @Test
  void segmentsLongerThan255AreSplit() throws Exception {
    long[] asns = new long[300];
    for (int i = 0; i < asns.length; i++) {
      asns[i] = 65000 + i;
    }
    PathAttributes a =
        PathAttributes.builder()
            .asPath(AsPath.sequence(asns))
            .nextHop(InetAddresses.forString("10.0.0.1"))
            .build();
    UpdateMessage sent = UpdateMessage.announce(a, List.of(IpPrefix.parse("10.1.0.0/24")));
    UpdateMessage received = decodeUpdate(hex(encode(sent, FOUR_OCTET)), FOUR_OCTET);
    assertThat(received.reach().get(0).attributes().asPath().segments()).hasSize(2);
    assertThat(received.reach().get(0).attributes().asPath().pathLength()).isEqualTo(300);
  }
}
