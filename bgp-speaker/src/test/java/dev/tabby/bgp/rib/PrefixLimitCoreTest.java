package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static dev.tabby.bgp.rib.TestPeer.prefixes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-peer, per-family prefix limits (RFC 4271 §6.7), driven synchronously. */
class PrefixLimitCoreTest {

  private static final Duration RESTART = Duration.ofSeconds(42);

  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);

  @Test
  void onePrefixPastTheMaximumCeasesWithTheFamilyAndLimitAndWithdrawsEverything() {
    FakePeer peer = up(limit(PrefixLimit.Action.TEARDOWN, 10));

    announce(peer, prefixes(0, 10));
    rib.flush();
    assertThat(peer.closedWith).as("exactly the maximum is allowed").isNull();
    assertThat(rib.routeCount()).isEqualTo(10);

    announce(peer, prefixes(10, 1));
    rib.flush();

    assertThat(peer.closedWith.code()).isEqualTo(NotificationCodes.CEASE);
    assertThat(peer.closedWith.subcode())
        .isEqualTo(NotificationCodes.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
    // RFC 4486: AFI 1, SAFI 1, the upper bound 10.
    assertThat(peer.closedWith.data()).containsExactly(0, 1, 1, 0, 0, 0, 10);
    assertThat(peer.staysDownFor).isEqualTo(RESTART);
    assertThat(peer.limitCrossings)
        .containsExactly("ipv4-unicast warning 8", "ipv4-unicast exceeded 11");
    assertThat(rib.routeCount()).isZero();
    assertThat(rib.counters()).isEmpty();
    assertThat(rib.publishedAcceptedPerFamily()).isEmpty();
  }

  @Test
  void replacedAndWithdrawnPrefixesDoNotCountTwice() {
    FakePeer peer = up(limit(PrefixLimit.Action.TEARDOWN, 10));
    announce(peer, prefixes(0, 10));
    announce(peer, prefixes(0, 10)); // the same again: replacements
    rib.update(peer.info.address(), UpdateMessage.withdraw(prefixes(0, 5)));
    announce(peer, prefixes(100, 5));
    rib.flush();

    assertThat(peer.closedWith).isNull();
    assertThat(rib.routeCount()).isEqualTo(10);
  }

  @Test
  void eachFamilyIsCountedAgainstItsOwnLimit() {
    FakePeer peer = up(limit(PrefixLimit.Action.TEARDOWN, 10));
    List<IpPrefix> ipv6 =
        List.of(
            prefix("2001:db8:1::/48"),
            prefix("2001:db8:2::/48"),
            prefix("2001:db8:3::/48"),
            prefix("2001:db8:4::/48"));
    announce(peer, prefixes(0, 8));
    rib.update(
        peer.info.address(),
        UpdateMessage.announce(attributes("2001:db8::9", 65009).build(), ipv6));
    rib.flush();

    assertThat(peer.closedWith).as("8 IPv4 and 4 IPv6 prefixes, with an IPv4 limit").isNull();
    assertThat(rib.routeCount()).isEqualTo(12);
    assertThat(rib.publishedAcceptedPerFamily().get(peer.info.address()))
        .containsOnly(
            Map.entry(AddressFamily.IPV4_UNICAST, 8L), Map.entry(AddressFamily.IPV6_UNICAST, 4L));
  }

  @Test
  void warnOnlyKeepsTheSessionAndEveryRoute() {
    FakePeer peer = up(limit(PrefixLimit.Action.WARN, 10));

    announce(peer, prefixes(0, 25));
    rib.flush();

    assertThat(peer.closedWith).isNull();
    assertThat(rib.routeCount()).isEqualTo(25);
    assertThat(peer.limitCrossings)
        .containsExactly("ipv4-unicast warning 8", "ipv4-unicast exceeded 11");
  }

  @Test
  void aNewSessionCountsFromZero() {
    FakePeer first = up(limit(PrefixLimit.Action.TEARDOWN, 10));
    announce(first, prefixes(0, 11));
    rib.flush();
    rib.peerDown(first.info.address());

    FakePeer again = up(limit(PrefixLimit.Action.TEARDOWN, 10));
    announce(again, prefixes(0, 10));
    rib.flush();

    assertThat(again.closedWith).isNull();
    assertThat(rib.routeCount()).isEqualTo(10);
  }

  @Test
  void theCounterSaysTheWarningOnceAndTheExcessOnce() {
    PrefixLimitCounter counter =
        new PrefixLimitCounter(
            Map.of(
                AddressFamily.IPV4_UNICAST,
                new PrefixLimit(10, 50, PrefixLimit.Action.WARN, RESTART)));
    List<PrefixLimitCounter.Crossing> crossings = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      crossings.add(counter.added(AddressFamily.IPV4_UNICAST));
    }
    counter.removed(AddressFamily.IPV4_UNICAST);
    counter.removed(AddressFamily.IPV4_UNICAST);
    crossings.add(counter.added(AddressFamily.IPV4_UNICAST));
    crossings.add(counter.added(AddressFamily.IPV4_UNICAST));

    assertThat(crossings.indexOf(PrefixLimitCounter.Crossing.WARNING)).isEqualTo(4); // the 5th
    assertThat(crossings.indexOf(PrefixLimitCounter.Crossing.EXCEEDED)).isEqualTo(10); // the 11th
    assertThat(crossings.stream().filter(c -> c != PrefixLimitCounter.Crossing.NONE)).hasSize(2);
    assertThat(counter.added(AddressFamily.IPV6_UNICAST))
        .as("no IPv6 limit")
        .isEqualTo(PrefixLimitCounter.Crossing.NONE);
  }

  private static PrefixLimit limit(PrefixLimit.Action action, long maximum) {
    return new PrefixLimit(maximum, 80, action, RESTART);
  }

  private FakePeer up(PrefixLimit ipv4Limit) {
    return FakePeer.upIn(
        rib, ebgp("10.0.0.9", 65009).prefixLimit(AddressFamily.IPV4_UNICAST, ipv4Limit));
  }

  private void announce(FakePeer from, List<IpPrefix> prefixes) {
    rib.update(
        from.info.address(),
        UpdateMessage.announce(attributes("10.0.0.9", 65009).build(), prefixes));
  }
}
