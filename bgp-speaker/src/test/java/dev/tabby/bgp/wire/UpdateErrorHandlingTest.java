package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.ATTRIBUTE_FLAGS_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.ATTRIBUTE_LENGTH_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.INVALID_NETWORK_FIELD;
import static dev.tabby.bgp.wire.NotificationCodes.MALFORMED_ATTRIBUTE_LIST;
import static dev.tabby.bgp.wire.NotificationCodes.OPTIONAL_ATTRIBUTE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE;
import static dev.tabby.bgp.wire.NotificationCodes.UPDATE_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.WireTestSupport.FOUR_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.assertNotification;
import static dev.tabby.bgp.wire.WireTestSupport.decodeFailure;
import static dev.tabby.bgp.wire.WireTestSupport.decodeUpdate;
import static dev.tabby.bgp.wire.WireTestSupport.message;
import static dev.tabby.bgp.wire.WireTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 4271 §6.3 as revised by RFC 7606: for each malformed UPDATE, the session reset with its exact
 * NOTIFICATION, or the treat-as-withdraw or attribute-discard outcome.
 */
class UpdateErrorHandlingTest {
  private static final String ORIGIN = "40 01 01 00";
  private static final String AS_PATH = "40 02 04 02 01 fde9"; // 2-octet: 65001
  private static final String NEXT_HOP = "40 03 04 0a000001";
  private static final String MANDATORY = ORIGIN + AS_PATH + NEXT_HOP;
  private static final String NLRI = "18 0a0100"; // 10.1.0.0/24
  private static final String MP_REACH_V6 =
      "90 0e 001a 0002 01 10 20010db8000000000000000000000001 00 | 20 20010db8";
  private static final IpPrefix V4 = IpPrefix.parse("10.1.0.0/24");
  private static final IpPrefix V6 = IpPrefix.parse("2001:db8::/32");

  private static void assertTreatAsWithdraw(String attributes, String reasonFragment)
      throws Exception {
    UpdateMessage update = decodeUpdate(update("", attributes, NLRI), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).as("treat-as-withdraw of " + attributes).isPresent();
    assertThat(update.treatAsWithdrawReason().get()).contains(reasonFragment);
    assertThat(update.reach()).isEmpty();
    assertThat(update.withdrawn()).containsExactly(V4);
  }

  private static UpdateMessage assertDiscarded(String attributes, String logFragment)
      throws Exception {
    UpdateMessage update = decodeUpdate(update("", attributes, NLRI), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).as("no treat-as-withdraw").isEmpty();
    assertThat(update.discardedAttributes()).anySatisfy(s -> assertThat(s).contains(logFragment));
    assertThat(update.reach()).hasSize(1);
    assertThat(update.reach().get(0).prefixes()).containsExactly(V4);
    return update;
  }

  private static void assertReset(String attributes, int subcode, String dataHex) {
    assertNotification(
        decodeFailure(update("", attributes, NLRI), TWO_OCTET),
        UPDATE_MESSAGE_ERROR,
        subcode,
        dataHex);
  }

  // --- structure: session reset ---

  @Test
  void withdrawnLengthOverrunIsMalformedAttributeList() {
    assertNotification(
        decodeFailure(message(BgpMessage.TYPE_UPDATE, "0010 0a 0000"), TWO_OCTET),
        UPDATE_MESSAGE_ERROR,
        MALFORMED_ATTRIBUTE_LIST,
        "");
  }

  @Test
  void totalAttributeLengthOverrunIsMalformedAttributeList() {
    assertNotification(
        decodeFailure(message(BgpMessage.TYPE_UPDATE, "0000 0010 400101 00"), TWO_OCTET),
        UPDATE_MESSAGE_ERROR,
        MALFORMED_ATTRIBUTE_LIST,
        "");
  }

  @ParameterizedTest
  @CsvSource({
    "21 0a000000 00", // /33
    "18 0a01", // needs 3 bytes, 2 left
    "20", // length without address
  })
  void badNlriIsInvalidNetworkField(String nlri) {
    assertNotification(
        decodeFailure(update("", MANDATORY, nlri), TWO_OCTET),
        UPDATE_MESSAGE_ERROR,
        INVALID_NETWORK_FIELD,
        "");
    assertNotification(
        decodeFailure(update(nlri, "", ""), TWO_OCTET),
        UPDATE_MESSAGE_ERROR,
        INVALID_NETWORK_FIELD,
        "");
  }

  @Test
  void unrecognizedWellKnownAttributeResetsWithTheAttribute() {
    assertReset(MANDATORY + "40 63 02 abcd", UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, "4063 02 abcd");
  }

  @Test
  void duplicateMultiprotocolAttributesResetTheSession() {
    String unreach = "80 0f 03 0002 01";
    assertReset(unreach + unreach + MANDATORY, MALFORMED_ATTRIBUTE_LIST, "");
  }

  @Test
  void mpReachErrorsResetWithTheAttribute() {
    // flags: transitive bit set on an optional non-transitive attribute
    assertReset("c0 0e 05 0002 01 00 00" + MANDATORY, ATTRIBUTE_FLAGS_ERROR, "c00e05 0002010000");
    // shorter than AFI, SAFI, next hop length and reserved
    assertReset("80 0e 03 0002 01" + MANDATORY, ATTRIBUTE_LENGTH_ERROR, "800e03 000201");
    // an 8-byte IPv6 next hop
    assertReset(
        "80 0e 0d 0002 01 08 0000000000000001 00" + MANDATORY,
        OPTIONAL_ATTRIBUTE_ERROR,
        "800e0d 00020108000000000000000100");
    // next hop length overruns the attribute
    assertReset(
        "80 0e 05 0002 01 10 00" + MANDATORY, OPTIONAL_ATTRIBUTE_ERROR, "800e05 0002011000");
    // an IPv6 prefix of length 129
    assertReset(
        "80 0e 16 0002 01 10 20010db8000000000000000000000001 00 81" + MANDATORY,
        OPTIONAL_ATTRIBUTE_ERROR,
        "800e16 00020110 20010db8000000000000000000000001 00 81");
  }

  @Test
  void mpUnreachErrorsResetWithTheAttribute() {
    assertReset("80 0f 02 0002" + MANDATORY, ATTRIBUTE_LENGTH_ERROR, "800f02 0002");
    assertReset("80 0f 04 0002 01 40" + MANDATORY, OPTIONAL_ATTRIBUTE_ERROR, "800f04 00020140");
  }

  @Test
  void framingErrorWithoutMultiprotocolAttributesResetsTheSession() {
    // RFC 7606 §4: an MP_REACH_NLRI behind the error could not be withdrawn.
    assertReset(MANDATORY + "c0 08 08 fde9", MALFORMED_ATTRIBUTE_LIST, "");
    assertReset(MANDATORY + "c0 08", MALFORMED_ATTRIBUTE_LIST, "");
    assertReset(MANDATORY + "d0 08 00", MALFORMED_ATTRIBUTE_LIST, "");
  }

  @Test
  void framingErrorAfterMultiprotocolAttributesIsTreatAsWithdraw() throws Exception {
    UpdateMessage update =
        decodeUpdate(update("", MP_REACH_V6 + MANDATORY + "c0 08 08 fde9", NLRI), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).hasValueSatisfying(r -> r.contains("overruns"));
    assertThat(update.withdrawn()).containsExactlyInAnyOrder(V4, V6);
    assertThat(update.reach()).isEmpty();
  }

  // --- treat-as-withdraw ---

  @Test
  void missingWellKnownAttributesAreTreatAsWithdraw() throws Exception {
    assertTreatAsWithdraw(AS_PATH + NEXT_HOP, "missing well-known attribute ORIGIN");
    assertTreatAsWithdraw(ORIGIN + NEXT_HOP, "missing well-known attribute AS_PATH");
    assertTreatAsWithdraw(ORIGIN + AS_PATH, "missing well-known attribute NEXT_HOP");
  }

  @Test
  void nextHopAttributeIsNotNeededForMultiprotocolOnly() throws Exception {
    UpdateMessage update = decodeUpdate(update("", MP_REACH_V6 + ORIGIN + AS_PATH, ""), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).isEmpty();
    assertThat(update.reach())
        .singleElement()
        .satisfies(r -> assertThat(r.prefixes()).containsExactly(V6));
  }

  @Test
  void badNextHopAttributeIsIgnoredWithoutIpv4Nlri() throws Exception {
    UpdateMessage update =
        decodeUpdate(
            update("", MP_REACH_V6 + ORIGIN + AS_PATH + "40 03 04 00000000", ""), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).isEmpty();
    assertThat(update.discardedAttributes())
        .anySatisfy(s -> assertThat(s).contains("NEXT_HOP", "ignored"));
    assertThat(update.reach())
        .singleElement()
        .satisfies(r -> assertThat(r.prefixes()).containsExactly(V6));
  }

  @Test
  void internalOnlyAttributesFromAnExternalPeerAreDiscarded() throws Exception {
    CodecContext external = new CodecContext(false, TWO_OCTET.families(), true);
    String internalOnly = "40 05 04 00000064 | 80 09 04 0a000005 | 80 0a 03 0a0000";
    UpdateMessage update = decodeUpdate(update("", MANDATORY + internalOnly, NLRI), external);
    assertThat(update.treatAsWithdrawReason()).as("even a malformed one is discarded").isEmpty();
    assertThat(update.discardedAttributes()).hasSize(3);
    PathAttributes attributes = update.reach().get(0).attributes();
    assertThat(attributes.hasLocalPref()).isFalse();
    assertThat(attributes.originatorId()).isNull();
    assertThat(attributes.clusterList().isEmpty()).isTrue();
    UpdateMessage internal = decodeUpdate(update("", MANDATORY + internalOnly, NLRI), TWO_OCTET);
    assertThat(internal.treatAsWithdrawReason())
        .hasValueSatisfying(r -> r.contains("CLUSTER_LIST"));
  }

  @Test
  void confederationSegmentsFromAnExternalPeerAreTreatAsWithdraw() throws Exception {
    CodecContext external = new CodecContext(false, TWO_OCTET.families(), true);
    String confedPath = "40 02 08 03 01 fe00 02 01 fde9";
    UpdateMessage update = decodeUpdate(update("", ORIGIN + confedPath + NEXT_HOP, NLRI), external);
    assertThat(update.treatAsWithdrawReason())
        .hasValueSatisfying(r -> assertThat(r).contains("confederation segment"));
    assertThat(update.withdrawn()).containsExactly(V4);
    UpdateMessage internal =
        decodeUpdate(update("", ORIGIN + confedPath + NEXT_HOP, NLRI), TWO_OCTET);
    assertThat(internal.reach().get(0).attributes().asPath()).hasToString("(65024) 65001");
  }

  @Test
  void missingAttributesDoNotMatterWithoutAnnouncements() throws Exception {
    UpdateMessage update = decodeUpdate(update("18 0a0100", "", ""), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).isEmpty();
    assertThat(update.withdrawn()).containsExactly(V4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ORIGIN flags,         c0 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001, flags",
    "ORIGIN length,        40 01 02 0000 | 40 02 04 02 01 fde9 | 40 03 04 0a000001, length 2",
    "ORIGIN value,         40 01 01 03 | 40 02 04 02 01 fde9 | 40 03 04 0a000001, undefined value 3",
    "AS_PATH overrun,      40 01 01 00 | 40 02 04 02 02 fde9 | 40 03 04 0a000001, overruns",
    "AS_PATH empty seg,    40 01 01 00 | 40 02 02 02 00 | 40 03 04 0a000001, empty",
    "AS_PATH bad type,     40 01 01 00 | 40 02 04 05 01 fde9 | 40 03 04 0a000001, segment type 5",
    "AS_PATH trailing,     40 01 01 00 | 40 02 05 02 01 fde9 02 | 40 03 04 0a000001, single byte",
    "NEXT_HOP length,      40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 05 0a00000100, length 5",
    "NEXT_HOP zero,        40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 00000000, not a unicast",
    "NEXT_HOP multicast,   40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 e0000001, not a unicast",
    "NEXT_HOP flags,       40 01 01 00 | 40 02 04 02 01 fde9 | 80 03 04 0a000001, flags",
    "MED length,           40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | 80 04 03 000001, MULTI_EXIT_DISC",
    "LOCAL_PREF length,    40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | 40 05 02 0001, LOCAL_PREF",
    "COMMUNITIES length,   40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | c0 08 05 0000000001, COMMUNITIES",
    "COMMUNITIES empty,    40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | c0 08 00, COMMUNITIES",
    "ORIGINATOR_ID length, 40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | 80 09 03 0a0000, ORIGINATOR_ID",
    "CLUSTER_LIST length,  40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | 80 0a 06 0a0000010a00, CLUSTER_LIST",
    "EXT_COMMUNITIES len,  40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | c0 10 07 00000000000000, EXTENDED_COMMUNITIES",
    "LARGE_COMMUNITIES,    40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 0a000001 | c0 20 08 0000000100000002, LARGE_COMMUNITIES",
  })
  void malformedAttributesAreTreatAsWithdraw(String name, String attributes, String reason)
      throws Exception {
    assertTreatAsWithdraw(attributes, reason);
  }

  // --- attribute discard ---

  @Test
  void duplicateAttributesAreDiscardedKeepingTheFirst() throws Exception {
    UpdateMessage update = assertDiscarded(MANDATORY + "40 01 01 02", "duplicate ORIGIN");
    assertThat(update.reach().get(0).attributes().origin()).isEqualTo(Origin.IGP);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ATOMIC_AGGREGATE length, 40 06 01 00, ATOMIC_AGGREGATE",
    "ATOMIC_AGGREGATE flags,  c0 06 00, ATOMIC_AGGREGATE",
    "AGGREGATOR length,       c0 07 05 fde90a0000, AGGREGATOR",
    "AGGREGATOR 4-octet size, c0 07 08 0000fde90a000001, AGGREGATOR",
    "AGGREGATOR flags,        80 07 06 fde90a000001, AGGREGATOR",
    "AS4_AGGREGATOR length,   c0 12 06 fde90a000001, AS4_AGGREGATOR",
    "AS4_PATH malformed,      c0 11 03 020100, AS4_PATH",
    "AS4_PATH confederation,  c0 11 06 0301 0000fde9, confederation",
  })
  void malformedAttributesOfDiscardKindAreDiscarded(String name, String attribute, String log)
      throws Exception {
    PathAttributes attributes =
        assertDiscarded(MANDATORY + attribute, log).reach().get(0).attributes();
    assertThat(attributes.aggregator()).isNull();
    assertThat(attributes.atomicAggregate()).isFalse();
    assertThat(attributes.asPath()).isEqualTo(AsPath.sequence(65001));
  }

  @Test
  void as4AttributesFromAFourOctetSpeakerAreDiscarded() throws Exception {
    String fourOctetPath = "40 02 06 02 01 0000fde9";
    UpdateMessage update =
        decodeUpdate(
            update("", ORIGIN + fourOctetPath + NEXT_HOP + "c0 11 06 0201 fa56ea00", NLRI),
            FOUR_OCTET);
    assertThat(update.discardedAttributes()).anySatisfy(s -> assertThat(s).contains("AS4_PATH"));
    assertThat(update.reach().get(0).attributes().asPath()).isEqualTo(AsPath.sequence(65001));
  }

  @Test
  void unknownMultiprotocolFamilyIsIgnoredWithALogLine() throws Exception {
    UpdateMessage update =
        decodeUpdate(update("", "80 0e 09 0001 80 04 0a000001 00" + MANDATORY, NLRI), TWO_OCTET);
    assertThat(update.discardedAttributes())
        .anySatisfy(s -> assertThat(s).contains("unknown AFI/SAFI 1/128"));
    assertThat(update.reach())
        .singleElement()
        .satisfies(r -> assertThat(r.prefixes()).containsExactly(V4));
  }

  // --- unknown optional attributes ---

  @Test
  void unknownOptionalTransitiveIsKeptAndNonTransitiveIgnored() throws Exception {
    UpdateMessage update =
        decodeUpdate(update("", MANDATORY + "c0 63 01 aa | 80 64 01 bb", NLRI), TWO_OCTET);
    assertThat(update.treatAsWithdrawReason()).isEmpty();
    assertThat(update.discardedAttributes()).isEmpty();
    assertThat(update.reach().get(0).attributes().unknownAttributes())
        .containsExactly(new UnknownAttribute(0xC0, 99, new byte[] {(byte) 0xAA}));
  }

  @Test
  void extendedLengthIsAcceptedOnAnyAttribute() throws Exception {
    UpdateMessage update =
        decodeUpdate(update("", "50 01 0001 00" + AS_PATH + NEXT_HOP, NLRI), TWO_OCTET);
    assertThat(update.reach()).hasSize(1);
    assertThat(update.withdrawn()).isEmpty();
  }

  @Test
  void ipv4AndIpv6InOneUpdateShareAttributesWithTheirOwnNextHops() throws Exception {
    UpdateMessage update = decodeUpdate(update("", MP_REACH_V6 + MANDATORY, NLRI), TWO_OCTET);
    assertThat(update.reach()).hasSize(2);
    assertThat(update.reach().get(0).attributes().nextHop()).hasToString("/10.0.0.1");
    assertThat(update.reach().get(1).attributes().nextHop().getHostAddress())
        .isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(update.reach().get(0).attributes().toBuilder().nextHop(null).build())
        .isEqualTo(update.reach().get(1).attributes().toBuilder().nextHop(null).build());
    assertThat(List.of(update.reach().get(0).prefixes(), update.reach().get(1).prefixes()))
        .containsExactly(List.of(V4), List.of(V6));
  }
}
