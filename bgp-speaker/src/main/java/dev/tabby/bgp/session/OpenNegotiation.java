package dev.tabby.bgp.session;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Capabilities;
import dev.tabby.bgp.wire.ExtendedMessages;
import dev.tabby.bgp.wire.ExtendedNextHop;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.OpenMessage;
import dev.tabby.bgp.wire.PathIdFamilies;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Builds our OPEN and checks the peer's (RFC 4271 §6.2), agreeing on what both support. */
final class OpenNegotiation {

  /** The outcome of checking the peer's OPEN. */
  sealed interface Result permits Accepted, Rejected {}

  /** The OPEN is acceptable; the session runs with {@code negotiated}. */
  record Accepted(NegotiatedSession negotiated) implements Result {}

  /** The OPEN is refused: send {@code notification} and close. */
  record Rejected(NotificationMessage notification, String reason) implements Result {}

  private final SessionParameters params;
  private final OpenMessage ourOpen;

  OpenNegotiation(SessionParameters params) {
    this.params = params;
    Capabilities.Builder builder =
        Capabilities.builder()
            .multiprotocol(params.families())
            .fourOctetAs(params.localAs())
            .routeRefresh(true)
            .gracefulRestart(params.gracefulRestart())
            .extendedMessages(params.extendedMessages())
            .addPath(params.addPath())
            .longLivedGracefulRestart(params.longLivedGracefulRestart());
    if (params.extendedNextHop()) {
      builder.extendedNextHop(ExtendedNextHop.IPV4_UNICAST_OVER_IPV6);
    }
    Capabilities capabilities = builder.build();
    this.ourOpen =
        OpenMessage.of(
            params.localAs(), (int) params.holdTime().toSeconds(), params.routerId(), capabilities);
  }

  OpenMessage ourOpen() {
    return ourOpen;
  }

  Result check(OpenMessage open, InetAddress localAddress) {
    if (open.version() != OpenMessage.BGP_VERSION) {
      return new Rejected(
          Notifications.unsupportedVersion(OpenMessage.BGP_VERSION),
          "peer speaks BGP version " + open.version() + ", not 4");
    }
    if (!params.acceptsPeerAs(open.myAs())) {
      return new Rejected(
          Notifications.openError(NotificationCodes.BAD_PEER_AS),
          "peer announced AS " + open.myAs() + ", configured " + params.peerAsText());
    }
    if (open.holdTime() == 1 || open.holdTime() == 2) {
      return new Rejected(
          Notifications.openError(NotificationCodes.UNACCEPTABLE_HOLD_TIME),
          "peer proposed hold time " + open.holdTime() + "s (must be 0 or at least 3)");
    }
    Inet4Address peerId = open.bgpIdentifier();
    if (peerId.isAnyLocalAddress() || peerId.isMulticastAddress()) {
      return new Rejected(
          Notifications.openError(NotificationCodes.BAD_BGP_IDENTIFIER),
          "peer BGP identifier "
              + InetAddresses.toAddrString(peerId)
              + " is not a valid identifier");
    }
    if (open.myAs() == params.localAs() && peerId.equals(params.routerId())) {
      return new Rejected(
          Notifications.openError(NotificationCodes.BAD_BGP_IDENTIFIER),
          "internal peer uses our own BGP identifier " + InetAddresses.toAddrString(peerId));
    }
    Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
    families.addAll(params.families());
    families.retainAll(open.capabilities().families());
    if (families.isEmpty()) {
      return new Rejected(
          Notifications.openError(NotificationCodes.UNSUPPORTED_CAPABILITY),
          "no address family in common: ours "
              + params.families()
              + ", peer's "
              + open.capabilities().families());
    }
    long holdSeconds = Math.min(params.holdTime().toSeconds(), open.holdTime());
    return new Accepted(
        new NegotiatedSession(
            peerId,
            Duration.ofSeconds(holdSeconds),
            families,
            open.capabilities().fourOctetAs().isPresent(),
            open.capabilities().routeRefresh(),
            localAddress,
            open.myAs(),
            open.capabilities().gracefulRestart(),
            ExtendedMessages.negotiated(ourOpen.capabilities(), open.capabilities()),
            PathIdFamilies.negotiate(params.addPath(), open.capabilities().addPath(), families),
            ExtendedNextHop.ipv4OverIpv6Negotiated(ourOpen.capabilities(), open.capabilities()),
            open.capabilities().longLivedGracefulRestart()));
  }
}
