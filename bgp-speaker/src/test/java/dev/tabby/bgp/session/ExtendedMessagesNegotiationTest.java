package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Capabilities;
import dev.tabby.bgp.wire.OpenMessage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The extended message capability (RFC 8654) in our OPEN, and what both OPENs agree on. */
class ExtendedMessagesNegotiationTest {
  private static final InetAddress LOCAL = InetAddresses.forString("10.0.0.1");
  private static final Inet4Address PEER_ID = (Inet4Address) InetAddresses.forString("10.0.0.2");

  private static OpenNegotiation negotiation(boolean extendedMessages) {
    return new OpenNegotiation(
        new SessionParameters(
            InetAddresses.forString("10.0.0.2"),
            65001,
            65000,
            (Inet4Address) LOCAL,
            Duration.ofSeconds(90),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            false,
            Set.of(AddressFamily.IPV4_UNICAST),
            65001,
            null,
            extendedMessages,
            AddPath.NONE,
            false,
            null));
  }

  private static boolean negotiated(OpenNegotiation negotiation, boolean peerOffers) {
    OpenMessage peer =
        OpenMessage.of(
            65001,
            90,
            PEER_ID,
            Capabilities.builder().fourOctetAs(65001).extendedMessages(peerOffers).build());
    var result = (OpenNegotiation.Accepted) negotiation.check(peer, LOCAL);
    return result.negotiated().extendedMessages();
  }

  @Test
  void offeredWhenConfiguredAndAgreedOnlyWhenThePeerOffersItToo() {
    OpenNegotiation negotiation = negotiation(true);

    assertThat(negotiation.ourOpen().capabilities().extendedMessages()).isTrue();
    assertThat(negotiated(negotiation, true)).isTrue();
    assertThat(negotiated(negotiation, false)).isFalse();
  }

  @Test
  void aPeerOptedOutIsNeitherOfferedNorSentLongMessagesWhateverItOffers() {
    OpenNegotiation negotiation = negotiation(false);

    assertThat(negotiation.ourOpen().capabilities().extendedMessages()).isFalse();
    assertThat(negotiated(negotiation, true)).isFalse();
  }
}
