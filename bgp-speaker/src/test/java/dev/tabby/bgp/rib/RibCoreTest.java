package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.CLUSTER_ID;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.ipv4;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.policy.PolicyAction;
import dev.tabby.bgp.policy.PolicyRule;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RIB's behaviour towards peers, driven synchronously; peers decode what they are sent. */
class RibCoreTest {
  private final List<BestPathChange> changes = new ArrayList<>();
  private RibCore rib = newRib(null);

  private RibCore newRib(java.net.Inet4Address clusterId) {
    RibCore core =
        new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, clusterId, UnpooledByteBufAllocator.DEFAULT);
    core.addListener(changes::addAll);
    return core;
  }

  @Test
  void aNewPeerGetsTheWholeTableThenEndOfRibPerFamily() {
    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.originate(prefix("2001:db8:1::/48"), PathAttributes.builder().build());
    rib.flush();
    FakePeer peer = up(ebgp("10.0.0.9", 65009).localLinkLocal("fe80::1"));

    assertThat(peer.table()).containsOnlyKeys(prefix("10.1.0.0/24"), prefix("2001:db8:1::/48"));
    // Each family's routes, then its End-of-RIB.
    assertThat(peer.messages())
        .extracting(
            m ->
                m.endOfRib()
                    .map(Object::toString)
                    .orElseGet(() -> m.reach().get(0).prefixes().toString()))
        .containsExactly("[10.1.0.0/24]", "ipv4-unicast", "[2001:db8:1::/48]", "ipv6-unicast");
  }

  @Test
  void anEmptyTableStillEndsWithEndOfRib() {
    FakePeer peer = up(ebgp("10.0.0.9", 65009).families(AddressFamily.IPV4_UNICAST));

    assertThat(peer.messages()).hasSize(1);
    assertThat(peer.endOfRibs()).containsExactly(AddressFamily.IPV4_UNICAST);
  }

  @Test
  void eachPeerGetsOnlyItsFamilies() {
    FakePeer ipv4Only = up(ebgp("10.0.0.9", 65009).families(AddressFamily.IPV4_UNICAST));
    rib.originate(prefix("2001:db8:1::/48"), PathAttributes.builder().build());
    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.flush();

    assertThat(ipv4Only.table()).containsOnlyKeys(prefix("10.1.0.0/24"));
  }

  @Test
  void aPeerOfOneFamilyIsNeverSentAnythingOfTheOther() {
    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.originate(prefix("2001:db8:1::/48"), PathAttributes.builder().build());
    FakePeer source = up(ebgp("10.0.0.1", 65001).localLinkLocal("fe80::1"));
    FakePeer ipv6Only =
        up(
            ebgp("2001:db8::9", 65009)
                .families(AddressFamily.IPV6_UNICAST)
                .localAddress("2001:db8::254"));

    announce(source, attributes("10.0.0.1", 65001).build(), "10.2.0.0/24");
    announce(source, attributes("2001:db8::1", 65001).build(), "2001:db8:2::/48");
    withdraw(source, "10.2.0.0/24", "2001:db8:2::/48");
    rib.routeRefresh(ipv6Only.info.address(), AddressFamily.IPV4_UNICAST);
    rib.withdrawOriginated(prefix("10.1.0.0/24"));
    rib.peerDown(source.info.address());
    rib.flush();

    assertThat(ipv6Only.endOfRibs()).containsExactly(AddressFamily.IPV6_UNICAST);
    assertThat(ipv6Only.messages())
        .allSatisfy(
            m -> {
              assertThat(m.withdrawn()).allMatch(IpPrefix::isIpv6);
              assertThat(m.reach())
                  .allSatisfy(r -> assertThat(r.prefixes()).allMatch(IpPrefix::isIpv6));
            });
    assertThat(ipv6Only.table()).containsOnlyKeys(prefix("2001:db8:1::/48"));
  }

  @Test
  void learnedRoutesAreExportedWithEbgpRewritesButNeverBackToTheirSource() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ebgp("10.0.0.9", 65009));
    source.clearReceived();

    announce(source, attributes("10.0.0.1", 65001).localPref(500).build(), "10.1.0.0/24");

    assertThat(source.messages()).isEmpty();
    PathAttributes received = other.table().get(prefix("10.1.0.0/24"));
    assertThat(received.asPath()).isEqualTo(AsPath.sequence(LOCAL_AS, 65001));
    assertThat(received.nextHop()).isEqualTo(ip("192.0.2.254"));
    assertThat(received.hasLocalPref()).isFalse();
  }

  @Test
  void onlyChangesAreSent() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ebgp("10.0.0.9", 65009));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    other.clearReceived();

    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    assertThat(other.messages()).as("repeated announcement").isEmpty();

    announce(source, attributes("10.0.0.1", 65001).med(5).build(), "10.1.0.0/24");
    assertThat(other.messages()).as("MED is not passed to eBGP, so no change").isEmpty();

    announce(source, attributes("10.0.0.1", 65001, 65002).build(), "10.1.0.0/24");
    assertThat(other.messages()).hasSize(1);
    assertThat(other.table().get(prefix("10.1.0.0/24")).asPath())
        .isEqualTo(AsPath.sequence(LOCAL_AS, 65001, 65002));
  }

  @Test
  void prefixesChangedTogetherAreAdvertisedTogether() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ebgp("10.0.0.9", 65009));
    other.clearReceived();
    String[] prefixes = new String[100];
    Arrays.setAll(prefixes, i -> "10.2." + i + ".0/24");

    announce(source, attributes("10.0.0.1", 65001).build(), prefixes);

    assertThat(other.sends()).hasSize(1);
    assertThat(other.messages()).hasSize(1);
    assertThat(other.messages().get(0).reach().get(0).prefixes()).hasSize(100);

    withdraw(source, prefixes);
    assertThat(other.sends()).hasSize(2);
    assertThat(other.messages().get(1).withdrawn()).hasSize(100);
  }

  @Test
  void peersWithTheSameExportShareOneEncoding() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer first = up(ebgp("10.0.0.8", 65008));
    FakePeer second = up(ebgp("10.0.0.9", 65009));
    first.clearReceived();
    second.clearReceived();

    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24", "10.1.1.0/24");

    assertThat(first.sends()).hasSize(1);
    assertThat(second.sends()).hasSize(1);
    assertThat(first.sends().get(0)).isEqualTo(second.sends().get(0));
  }

  @Test
  void peersComingUpTogetherShareTheInitialDump() {
    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.originate(prefix("10.2.0.0/24"), PathAttributes.builder().build());
    rib.flush();
    FakePeer first = new FakePeer(ibgp("10.0.0.2").families(AddressFamily.IPV4_UNICAST).build());
    FakePeer second = new FakePeer(ibgp("10.0.0.3").families(AddressFamily.IPV4_UNICAST).build());

    rib.peerUp(first.info, first);
    rib.peerUp(second.info, second);
    rib.flush();

    assertThat(first.table()).hasSize(2);
    assertThat(first.endOfRibs()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(first.sends().get(0)).isEqualTo(second.sends().get(0));
  }

  @Test
  void aWithdrawalIsEncodedOnceForPeersOfEveryGroup() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer external = up(ebgp("10.0.0.9", 65009));
    FakePeer internal = up(ibgp("10.0.0.2"));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    external.clearReceived();
    internal.clearReceived();

    withdraw(source, "10.1.0.0/24");

    assertThat(external.sends()).hasSize(1);
    assertThat(internal.sends()).hasSize(1);
    assertThat(external.sends().get(0)).isEqualTo(internal.sends().get(0));
    assertThat(internal.messages().get(0).withdrawn()).containsExactly(prefix("10.1.0.0/24"));
  }

  @Test
  void peerDownWithdrawsItsPathsAndReselects() {
    FakePeer preferred = up(ebgp("10.0.0.1", 65001));
    FakePeer backup = up(ebgp("10.0.0.2", 65002));
    FakePeer listener = up(ebgp("10.0.0.9", 65009));
    announce(backup, attributes("10.0.0.2", 65002, 65020).build(), "10.1.0.0/24");
    announce(preferred, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    assertThat(listener.table().get(prefix("10.1.0.0/24")).asPath())
        .isEqualTo(AsPath.sequence(LOCAL_AS, 65001));
    changes.clear();

    rib.peerDown(preferred.info.address());
    rib.flush();

    assertThat(listener.table().get(prefix("10.1.0.0/24")).asPath())
        .isEqualTo(AsPath.sequence(LOCAL_AS, 65002, 65020));
    assertThat(changes).singleElement().extracting(c -> c.best().source()).isEqualTo(backup.info);

    rib.peerDown(backup.info.address());
    rib.flush();

    assertThat(listener.table()).isEmpty();
    assertThat(rib.bestPaths()).isEmpty();
    assertThat(changes).last().extracting(BestPathChange::best).isNull();
    assertThat(rib.internedAttributeSets()).isZero();
  }

  @Test
  void aPeerGoingDownTakesOnlyItsOwnPathsWithIt() {
    FakePeer leaving = up(ebgp("10.0.0.1", 65001));
    FakePeer staying = up(ebgp("10.0.0.2", 65002));
    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    announce(leaving, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24", "10.2.0.0/24");
    announce(leaving, attributes("10.0.0.1", 65001).build(), "2001:db8:1::/48");
    announce(staying, attributes("10.0.0.2", 65002).build(), "10.2.0.0/24", "10.3.0.0/24");
    assertThat(rib.counters().get(leaving.info.address()).accepted()).isEqualTo(3);

    rib.peerDown(leaving.info.address());
    rib.flush();

    assertThat(rib.bestPaths())
        .extracting(Route::prefix, path -> path.source() == null ? null : path.source().address())
        .containsExactly(
            tuple(prefix("10.1.0.0/24"), null),
            tuple(prefix("10.2.0.0/24"), staying.info.address()),
            tuple(prefix("10.3.0.0/24"), staying.info.address()));
    assertThat(rib.counters().get(staying.info.address()).accepted()).isEqualTo(2);
    assertThat(rib.candidates(prefix("10.2.0.0/24"))).hasSize(1);
  }

  @Test
  void aRepeatedAnnouncementIsNoChange() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ebgp("10.0.0.2", 65002));
    announce(other, attributes("10.0.0.2", 65002, 65020).build(), "10.1.0.0/24");
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    changes.clear();

    rib.update(
        source.info.address(),
        UpdateMessage.announce(attributes("10.0.0.1", 65001).build(), prefixes("10.1.0.0/24")));

    assertThat(rib.changedPrefixes()).as("nothing for the next flush to look at").isZero();
    rib.flush();
    assertThat(changes).isEmpty();
    assertThat(rib.counters().get(source.info.address())).isEqualTo(new PeerCounters(2, 1, 0));
  }

  @Test
  void routeRefreshResendsTheFamily() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ebgp("10.0.0.9", 65009));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24", "10.1.1.0/24");
    other.clearReceived();

    rib.routeRefresh(other.info.address(), AddressFamily.IPV4_UNICAST);
    assertThat(rib.continueRefreshes()).as("more to send").isFalse();

    assertThat(other.messages()).hasSize(1);
    assertThat(other.messages().get(0).reach().get(0).prefixes())
        .containsExactlyInAnyOrder(prefix("10.1.0.0/24"), prefix("10.1.1.0/24"));
    assertThat(rib.counters().get(other.info.address()).advertised()).isEqualTo(2);
  }

  @Test
  void aRefreshGoesOutAChunkPerStepAndOtherUpdatesAreProcessedInBetween() {
    String[] table = new String[600];
    for (int i = 0; i < table.length; i++) {
      table[i] = "10." + (i / 256 + 1) + "." + (i % 256) + ".0/24";
    }
    RefreshPeers peers = refreshPeers(table);
    FakePeer source = peers.source();
    FakePeer asker = peers.asker();

    rib.routeRefresh(asker.info.address(), AddressFamily.IPV4_UNICAST);
    assertThat(asker.messages()).as("nothing before the first step").isEmpty();
    assertThat(rib.continueRefreshes()).isTrue();
    assertThat(announcedTo(asker)).hasSize(Exporter.HELD_BACK_CHUNK);

    // Another peer's UPDATE, processed between two steps, reaches the asker at once.
    announce(source, attributes("10.0.0.1", 65001).build(), "10.9.0.0/24");
    assertThat(announcedTo(asker)).last().isEqualTo(prefix("10.9.0.0/24"));

    while (rib.continueRefreshes()) {
      // a step per RIB task in the real RIB
    }
    assertThat(announcedTo(asker)).hasSize(table.length + 1).doesNotHaveDuplicates();
  }

  @Test
  void requestsDuringARefreshMergeIntoOneMorePass() {
    FakePeer asker = refreshPeers("10.1.0.0/24").asker();

    for (int i = 0; i < 5; i++) {
      rib.routeRefresh(asker.info.address(), AddressFamily.IPV4_UNICAST);
    }
    while (rib.continueRefreshes()) {
      // steps
    }

    assertThat(announcedTo(asker)).containsExactly(prefix("10.1.0.0/24"), prefix("10.1.0.0/24"));
  }

  @Test
  void aRefreshWaitsWhileThePeersConnectionIsFull() {
    FakePeer asker = refreshPeers("10.1.0.0/24").asker();
    asker.writable = false;

    rib.routeRefresh(asker.info.address(), AddressFamily.IPV4_UNICAST);
    assertThat(rib.continueRefreshes()).as("nothing to do until writable").isFalse();
    assertThat(asker.messages()).isEmpty();

    asker.writable = true;
    rib.peerWritable(asker.info.address());
    assertThat(rib.continueRefreshes()).isFalse();
    assertThat(announcedTo(asker)).containsExactly(prefix("10.1.0.0/24"));
  }

  /** An eBGP source and the peer that will ask for a refresh. */
  private record RefreshPeers(FakePeer source, FakePeer asker) {}

  /** The asker has been sent {@code table} from the source, and has forgotten the messages. */
  private RefreshPeers refreshPeers(String... table) {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer asker = up(ebgp("10.0.0.9", 65009));
    announce(source, attributes("10.0.0.1", 65001).build(), table);
    asker.clearReceived();
    return new RefreshPeers(source, asker);
  }

  private static List<IpPrefix> announcedTo(FakePeer peer) {
    List<IpPrefix> announced = new ArrayList<>();
    for (UpdateMessage message : peer.messages()) {
      message.reach().forEach(reach -> announced.addAll(reach.prefixes()));
    }
    return announced;
  }

  @Test
  void ibgpRoutesAreNotPassedToOtherIbgpPeers() {
    FakePeer internalSource = up(ibgp("10.0.0.2"));
    FakePeer internalOther = up(ibgp("10.0.0.3"));
    FakePeer external = up(ebgp("10.0.0.9", 65009));

    announce(internalSource, attributes("10.0.0.2").build(), "10.1.0.0/24");

    assertThat(internalOther.table()).isEmpty();
    assertThat(external.table()).containsKey(prefix("10.1.0.0/24"));
  }

  @Test
  void aReflectorReflectsClientRoutesToAllAndNonClientRoutesToClients() {
    rib = newRib(CLUSTER_ID);
    FakePeer client = up(ibgp("10.0.0.2").client());
    FakePeer otherClient = up(ibgp("10.0.0.3").client());
    FakePeer nonClient = up(ibgp("10.0.0.4"));
    FakePeer otherNonClient = up(ibgp("10.0.0.5"));
    int ourCluster = InetAddresses.coerceToInteger(CLUSTER_ID);

    announce(client, attributes("10.0.0.2").build(), "10.1.0.0/24");
    announce(nonClient, attributes("10.0.0.4").build(), "10.4.0.0/24");

    for (FakePeer peer : List.of(otherClient, nonClient, otherNonClient)) {
      PathAttributes reflected = peer.table().get(prefix("10.1.0.0/24"));
      assertThat(reflected.originatorId()).isEqualTo(ipv4("10.0.0.2"));
      assertThat(reflected.clusterList().asList()).containsExactly(ourCluster);
      assertThat(reflected.nextHop()).isEqualTo(ip("10.0.0.2"));
    }
    assertThat(client.table()).containsOnlyKeys(prefix("10.4.0.0/24"));
    assertThat(otherClient.table()).containsKey(prefix("10.4.0.0/24"));
    assertThat(otherNonClient.table()).doesNotContainKey(prefix("10.4.0.0/24"));
  }

  @Test
  void aReflectorSendsEachClientOnePassInOneWriteAndItsWithdrawalsInOneUpdate() {
    rib = newRib(CLUSTER_ID);
    List<FakePeer> clients = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      clients.add(up(ibgp("10.0.0." + i).client()));
    }
    clients.forEach(FakePeer::clearReceived);

    // Every client's own prefix and next hop: no two routes share attributes.
    for (int i = 1; i <= 4; i++) {
      rib.update(
          ip("10.0.0." + i),
          UpdateMessage.announce(
              attributes("10.0.0." + i).build(), prefixes("10.1." + i + ".0/24")));
    }
    rib.flush();

    for (FakePeer client : clients) {
      assertThat(client.table()).as("the three other clients' prefixes").hasSize(3);
      assertThat(client.messages()).as("one UPDATE per attribute set").hasSize(3);
      assertThat(client.sends()).as("handed over in one write").hasSize(1);
    }
    clients.forEach(FakePeer::clearReceived);

    for (int i = 1; i <= 4; i++) {
      rib.update(ip("10.0.0." + i), UpdateMessage.withdraw(prefixes("10.1." + i + ".0/24")));
    }
    rib.flush();

    for (FakePeer client : clients) {
      assertThat(client.table()).isEmpty();
      assertThat(client.messages()).as("the three withdrawals together").hasSize(1);
      assertThat(client.messages().get(0).withdrawn()).hasSize(3);
    }
  }

  @Test
  void loopingRoutesAreCountedButNotAccepted() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));

    announce(source, attributes("10.0.0.1", 65001, LOCAL_AS).build(), "10.1.0.0/24");
    announce(source, attributes("10.0.0.1", 65001).build(), "10.2.0.0/24");

    assertThat(rib.counters().get(source.info.address())).isEqualTo(new PeerCounters(2, 1, 0));
    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.2.0.0/24"));
  }

  @Test
  void aRouteNoLongerAcceptedReplacesTheEarlierOne() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");

    announce(source, attributes("10.0.0.1", 65001, LOCAL_AS).build(), "10.1.0.0/24");

    assertThat(rib.bestPaths()).isEmpty();
  }

  @Test
  void noExportRoutesStayInsideTheAs() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer internal = up(ibgp("10.0.0.2"));
    FakePeer external = up(ebgp("10.0.0.9", 65009));

    announce(
        source,
        attributes("10.0.0.1", 65001).communities(Communities.NO_EXPORT).build(),
        "10.1.0.0/24");

    assertThat(internal.table()).containsKey(prefix("10.1.0.0/24"));
    assertThat(external.table()).isEmpty();
  }

  @Test
  void equalAttributesAreStoredOnceAndFreedWithTheirLastRoute() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    announce(source, attributes("10.0.0.1", 65001).build(), "10.2.0.0/24");

    List<Route> best = rib.bestPaths();
    assertThat(best.get(0).attributes()).isSameAs(best.get(1).attributes());
    assertThat(rib.internedAttributeSets()).isEqualTo(1);

    withdraw(source, "10.1.0.0/24", "10.2.0.0/24");
    assertThat(rib.internedAttributeSets()).isZero();
  }

  @Test
  void prefixesLearnedAlikeShareOneRouteUntilThePeerGoesDown() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24", "10.2.0.0/24");
    announce(source, attributes("10.0.0.1", 65001).build(), "10.3.0.0/24");
    announce(source, attributes("10.0.0.1", 65001, 65002).build(), "10.4.0.0/24");
    assertThat(rib.sharedPaths()).isEqualTo(2);

    rib.peerDown(source.info.address());
    rib.flush();

    assertThat(rib.sharedPaths()).isZero();
    assertThat(rib.internedAttributeSets()).isZero();
  }

  @Test
  void aReplacedRouteIsReleasedWithItsLastPrefix() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24", "10.2.0.0/24");

    announce(source, attributes("10.0.0.1", 65001, 65002).build(), "10.1.0.0/24");
    assertThat(rib.sharedPaths()).as("the old route still holds 10.2.0.0/24").isEqualTo(2);
    announce(source, attributes("10.0.0.1", 65001, 65002).build(), "10.2.0.0/24");
    assertThat(rib.sharedPaths()).isEqualTo(1);
    assertThat(rib.internedAttributeSets()).isEqualTo(1);

    withdraw(source, "10.1.0.0/24", "10.2.0.0/24");
    assertThat(rib.sharedPaths()).isZero();
    assertThat(rib.internedAttributeSets()).isZero();
  }

  @Test
  void aRepeatedAnnouncementKeepsOneReference() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");

    withdraw(source, "10.1.0.0/24");

    assertThat(rib.sharedPaths()).isZero();
    assertThat(rib.internedAttributeSets()).isZero();
  }

  @Test
  void originatedRoutesAreSharedAndReleasedToo() {
    PathAttributes first = PathAttributes.builder().med(1).build();
    rib.originate(prefix("10.1.0.0/24"), first);
    rib.originate(prefix("10.2.0.0/24"), first);
    rib.originate(prefix("10.2.0.0/24"), PathAttributes.builder().med(2).build());
    rib.flush();
    assertThat(rib.sharedPaths()).isEqualTo(2);

    rib.withdrawOriginated(prefix("10.1.0.0/24"));
    rib.withdrawOriginated(prefix("10.2.0.0/24"));
    rib.flush();

    assertThat(rib.sharedPaths()).isZero();
    assertThat(rib.internedAttributeSets()).isZero();
  }

  @Test
  void listenersHearOfMultipathSets() {
    FakePeer first = up(ebgp("10.0.0.1", 65001));
    FakePeer second = up(ebgp("10.0.0.2", 65001));
    announce(first, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    changes.clear();

    announce(second, attributes("10.0.0.2", 65001).build(), "10.1.0.0/24");

    assertThat(changes)
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.best().source()).isEqualTo(first.info);
              assertThat(change.multipath())
                  .extracting(p -> p.attributes().nextHop())
                  .containsExactly(ip("10.0.0.1"), ip("10.0.0.2"));
            });
  }

  @Test
  void originatedRoutesWinAndCanBeWithdrawn() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");

    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.flush();
    assertThat(rib.bestPaths())
        .singleElement()
        .satisfies(p -> assertThat(p.locallyOriginated()).isTrue());
    assertThat(source.table()).containsKey(prefix("10.1.0.0/24"));

    rib.withdrawOriginated(prefix("10.1.0.0/24"));
    rib.flush();
    assertThat(rib.bestPaths()).singleElement().extracting(Route::source).isEqualTo(source.info);
    assertThat(source.table()).as("its own path is not sent back").isEmpty();
  }

  @Test
  void exportPolicyIsAppliedPerPeerGroup() {
    int tag = Communities.parse("65000:7");
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer tagged =
        up(
            ebgp("10.0.0.8", 65008)
                .exportPolicy(
                    new RoutePolicy(
                        List.of(PolicyRule.builder().addCommunities(tag).accept()),
                        PolicyAction.ACCEPT)));
    FakePeer plain = up(ebgp("10.0.0.9", 65009));

    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");

    assertThat(tagged.table().get(prefix("10.1.0.0/24")).communities().asList())
        .containsExactly(tag);
    assertThat(plain.table().get(prefix("10.1.0.0/24")).communities().isEmpty()).isTrue();
  }

  @Test
  void importPolicyRejectionsAreCountedButNotAccepted() {
    FakePeer source =
        up(
            ebgp("10.0.0.1", 65001)
                .importPolicy(
                    new RoutePolicy(
                        List.of(PolicyRule.builder().within(prefix("10.1.0.0/16")).reject()),
                        PolicyAction.ACCEPT)));

    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.2.0/24", "10.2.0.0/24");

    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.2.0.0/24"));
    assertThat(rib.counters().get(source.info.address())).isEqualTo(new PeerCounters(2, 1, 0));
  }

  @Test
  void updatesFromPeersThatAreNotUpAreDropped() {
    rib.update(
        ip("10.0.0.7"),
        UpdateMessage.announce(attributes("10.0.0.7", 65007).build(), prefixes("10.1.0.0/24")));
    rib.peerDown(ip("10.0.0.7"));
    rib.flush();

    assertThat(rib.bestPaths()).isEmpty();
  }

  @Test
  void aListenerAddedLaterIsFirstToldOfTheCurrentRoutes() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");
    rib.originate(prefix("10.2.0.0/24"), PathAttributes.builder().build());
    List<BestPathChange> late = new ArrayList<>();

    rib.addListener(late::addAll);

    assertThat(late)
        .extracting(BestPathChange::prefix)
        .containsExactlyInAnyOrder(prefix("10.1.0.0/24"), prefix("10.2.0.0/24"));
    assertThat(late).allSatisfy(change -> assertThat(change.multipath()).hasSize(1));
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    rib.addListener(
        batch -> {
          throw new IllegalStateException("listener bug");
        });
    List<BestPathChange> later = new ArrayList<>();
    rib.addListener(later::addAll);

    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.flush();

    assertThat(later).hasSize(1);
  }

  @Test
  void aPeerThatCannotTakeMoreGetsTheFinalStateOfWhatChangedOnceWritableWithoutHoldingUpItsGroup() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer stuck = up(ibgp("10.0.0.2"));
    FakePeer reading = up(ibgp("10.0.0.3"));
    PathAttributes first = attributes("10.0.0.1", 65001).build();
    PathAttributes second = attributes("10.0.0.1", 65001).med(2).build();
    PathAttributes last = attributes("10.0.0.1", 65001).med(3).build();
    announce(source, first, "10.1.0.0/24", "10.2.0.0/24");
    stuck.writable = false;
    stuck.clearReceived();

    announce(source, second, "10.1.0.0/24");
    announce(source, last, "10.1.0.0/24");
    withdraw(source, "10.2.0.0/24");
    announce(source, first, "10.3.0.0/24", "10.4.0.0/24");
    withdraw(source, "10.4.0.0/24");

    assertThat(stuck.sends()).isEmpty();
    assertThat(rib.counters().get(stuck.info.address()).advertised())
        .as("the Adj-RIB-Out holds what the peer was sent")
        .isEqualTo(2);
    assertThat(reading.table().keySet())
        .containsExactlyInAnyOrder(prefix("10.1.0.0/24"), prefix("10.3.0.0/24"));

    stuck.writable = true;
    rib.peerWritable(stuck.info.address());

    assertThat(stuck.table()).isEqualTo(reading.table());
    assertThat(stuck.table().get(prefix("10.1.0.0/24")).med()).isEqualTo(3);
    List<IpPrefix> mentioned = new ArrayList<>();
    for (UpdateMessage update : stuck.messages()) {
      mentioned.addAll(update.withdrawn());
      update.reach().forEach(reach -> mentioned.addAll(reach.prefixes()));
    }
    assertThat(mentioned)
        .as("each changed prefix once, in its final state; 10.4 was never the peer's")
        .containsExactlyInAnyOrder(
            prefix("10.1.0.0/24"), prefix("10.2.0.0/24"), prefix("10.3.0.0/24"));
    assertThat(rib.counters().get(stuck.info.address()).advertised()).isEqualTo(2);
  }

  @Test
  void endOfRibFollowsAnInitialDumpThatWasHeldBack() {
    rib.originate(prefix("10.1.0.0/24"), PathAttributes.builder().build());
    rib.flush();
    FakePeer peer =
        new FakePeer(ebgp("10.0.0.9", 65009).families(AddressFamily.IPV4_UNICAST).build());
    peer.writable = false;
    rib.peerUp(peer.info, peer);
    rib.flush();
    assertThat(peer.messages()).isEmpty();

    peer.writable = true;
    rib.peerWritable(peer.info.address());

    assertThat(peer.messages())
        .extracting(m -> m.endOfRib().map(Object::toString).orElse("routes"))
        .containsExactly("routes", "ipv4-unicast");
  }

  @Test
  void aPeerStillNotWritableKeepsWhatIsHeldBack() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer stuck = up(ibgp("10.0.0.2"));
    stuck.writable = false;
    announce(source, attributes("10.0.0.1", 65001).build(), "10.1.0.0/24");

    rib.peerWritable(stuck.info.address());
    assertThat(stuck.table()).isEmpty();

    stuck.writable = true;
    rib.peerWritable(stuck.info.address());
    assertThat(stuck.table()).containsOnlyKeys(prefix("10.1.0.0/24"));
  }

  @Test
  void aRouteWhoseFirstAsIsNotTheExternalPeersReplacesItsEarlierOneAsAWithdrawal() {
    FakePeer source = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ibgp("10.0.0.2"));
    announce(source, attributes("10.0.0.1", 65001, 65002).build(), "10.1.0.0/24");
    assertThat(other.table()).containsOnlyKeys(prefix("10.1.0.0/24"));

    announce(source, attributes("10.0.0.1", 65002).build(), "10.1.0.0/24");

    assertThat(rib.bestPaths()).isEmpty();
    assertThat(other.table()).isEmpty();
  }

  private FakePeer up(TestPeer peer) {
    return FakePeer.upIn(rib, peer);
  }

  private void announce(FakePeer from, PathAttributes attributes, String... prefixes) {
    rib.update(from.info.address(), UpdateMessage.announce(attributes, prefixes(prefixes)));
    rib.flush();
  }

  private void withdraw(FakePeer from, String... prefixes) {
    rib.update(from.info.address(), UpdateMessage.withdraw(prefixes(prefixes)));
    rib.flush();
  }

  private static List<IpPrefix> prefixes(String... texts) {
    return Arrays.stream(texts).map(IpPrefix::parse).toList();
  }
}
