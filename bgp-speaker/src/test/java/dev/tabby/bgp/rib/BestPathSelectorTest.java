package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ipv4;
import static dev.tabby.bgp.rib.TestPeer.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Collections2;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.AsPath.Segment;
import dev.tabby.bgp.wire.AsPath.SegmentType;
import dev.tabby.bgp.wire.Origin;
import dev.tabby.bgp.wire.PathAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One test per decision step. In each, the expected winner is worse than the loser at every later
 * step, so the test fails if the step under test is broken or skipped.
 */
class BestPathSelectorTest {

  // Peers ordered so that "low" wins the router-ID and address tie-breakers.
  private final PeerInfo ebgpLow = ebgp("10.0.0.1", 65001).build();
  private final PeerInfo ebgpHigh = ebgp("10.0.0.9", 65001).build();
  private final PeerInfo ibgpLow = ibgp("10.0.0.2").build();
  private final PeerInfo ibgpHigh = ibgp("10.0.0.8").build();

  @Test
  void locallyOriginatedBeatsAnyLearnedPath() {
    Route local =
        route(PathAttributes.builder().localPref(50).origin(Origin.INCOMPLETE).build(), null);
    Route learned = route(attributes("10.0.0.1", 65001).localPref(500).build(), ebgpLow);

    assertBest(DecisionStep.LOCALLY_ORIGINATED, local, learned);
  }

  @Test
  void highestLocalPrefWins() {
    Route high =
        route(
            attributes("10.0.0.8", 65001, 65002).localPref(200).origin(Origin.INCOMPLETE).build(),
            ibgpHigh);
    Route low = route(attributes("10.0.0.1", 65001).localPref(100).build(), ebgpLow);

    assertBest(DecisionStep.LOCAL_PREF, high, low);
  }

  @Test
  void missingLocalPrefCountsAsOneHundred() {
    Route missing = route(attributes("10.0.0.8", 65001, 65002).build(), ibgpHigh);
    Route ninetyNine = route(attributes("10.0.0.1", 65001).localPref(99).build(), ebgpLow);

    assertBest(DecisionStep.LOCAL_PREF, missing, ninetyNine);
  }

  @Test
  void shortestAsPathWins() {
    Route shorter =
        route(attributes("10.0.0.8", 65001).origin(Origin.INCOMPLETE).build(), ibgpHigh);
    Route longer = route(attributes("10.0.0.1", 65001, 65002).build(), ebgpLow);

    assertBest(DecisionStep.AS_PATH_LENGTH, shorter, longer);
  }

  @Test
  void anAsSetCountsAsOneAs() {
    AsPath withSet =
        AsPath.of(
            List.of(
                new Segment(SegmentType.SEQUENCE, new long[] {65001}),
                new Segment(SegmentType.SET, new long[] {65002, 65003, 65004})));
    Route set = route(attributes("10.0.0.8").asPath(withSet).build(), ibgpHigh);
    Route sequence = route(attributes("10.0.0.1", 65001, 65002, 65003).build(), ebgpLow);

    assertBest(DecisionStep.AS_PATH_LENGTH, set, sequence);
  }

  @Test
  void lowestOriginWins() {
    Route igp = route(attributes("10.0.0.8", 65001).origin(Origin.IGP).med(100).build(), ibgpHigh);
    Route egp = route(attributes("10.0.0.1", 65001).origin(Origin.EGP).build(), ebgpLow);
    Route incomplete =
        route(attributes("10.0.0.1", 65001).origin(Origin.INCOMPLETE).build(), ebgpLow);

    assertBest(DecisionStep.ORIGIN, igp, egp);
    Route egpInternal = route(attributes("10.0.0.8", 65001).origin(Origin.EGP).build(), ibgpHigh);
    assertBest(DecisionStep.ORIGIN, egpInternal, incomplete);
  }

  @Test
  void lowestMedWinsAmongPathsFromTheSameNeighbourAs() {
    Route lowMed = route(attributes("10.0.0.8", 65001, 65009).med(10).build(), ibgpHigh);
    Route highMed = route(attributes("10.0.0.1", 65001, 65002).med(20).build(), ebgpLow);

    assertBest(DecisionStep.MED, lowMed, highMed);
  }

  @Test
  void missingMedCountsAsZero() {
    Route missing = route(attributes("10.0.0.8", 65001).build(), ibgpHigh);
    Route five = route(attributes("10.0.0.1", 65001).med(5).build(), ebgpLow);

    assertBest(DecisionStep.MED, missing, five);
  }

  @Test
  void medIsIgnoredBetweenDifferentNeighbourAses() {
    Route highMedEbgp = route(attributes("10.0.0.9", 65001).med(100).build(), ebgpHigh);
    Route lowMedIbgp = route(attributes("10.0.0.2", 65002).med(1).build(), ibgpLow);

    assertBest(DecisionStep.EBGP_OVER_IBGP, highMedEbgp, lowMedIbgp);
  }

  @Test
  void ebgpBeatsIbgp() {
    Route external = route(attributes("10.0.0.9", 65001).build(), ebgpHigh);
    Route internal = route(attributes("10.0.0.2", 65001).build(), ibgpLow);

    assertBest(DecisionStep.EBGP_OVER_IBGP, external, internal);
  }

  @Test
  void lowestRouterIdWins() {
    PeerInfo lowIdHighAddress = ibgp("10.0.0.9").routerId("1.1.1.1").build();
    PeerInfo highIdLowAddress = ibgp("10.0.0.1").routerId("2.2.2.2").build();
    Route low = route(attributes("10.0.0.9", 65001).clusterList(1, 2).build(), lowIdHighAddress);
    Route high = route(attributes("10.0.0.1", 65001).build(), highIdLowAddress);

    assertBest(DecisionStep.ROUTER_ID, low, high);
  }

  @Test
  void routerIdsCompareUnsigned() {
    PeerInfo low = ibgp("10.0.0.9").routerId("100.0.0.1").build();
    PeerInfo high = ibgp("10.0.0.1").routerId("200.0.0.1").build();

    assertBest(
        DecisionStep.ROUTER_ID,
        route(attributes("10.0.0.9", 65001).build(), low),
        route(attributes("10.0.0.1", 65001).build(), high));
  }

  @Test
  void originatorIdStandsInForTheRouterIdOfReflectedPaths() {
    PeerInfo reflector = ibgp("10.0.0.9").routerId("9.9.9.9").build();
    Route reflected =
        route(attributes("10.0.0.9", 65001).originatorId(ipv4("1.1.1.1")).build(), reflector);
    Route direct =
        route(attributes("10.0.0.1", 65001).build(), ibgp("10.0.0.1").routerId("2.2.2.2").build());

    assertBest(DecisionStep.ROUTER_ID, reflected, direct);
  }

  @Test
  void shortestClusterListWins() {
    PeerInfo reflectorA = ibgp("10.0.0.9").build();
    PeerInfo reflectorB = ibgp("10.0.0.1").build();
    PathAttributes.Builder sameOriginator =
        attributes("10.0.0.5", 65001).originatorId(ipv4("10.0.0.5"));
    Route shorter = route(sameOriginator.clusterList(7).build(), reflectorA);
    Route longer = route(sameOriginator.clusterList(8, 7).build(), reflectorB);

    assertBest(DecisionStep.CLUSTER_LIST_LENGTH, shorter, longer);
  }

  @Test
  void lowestPeerAddressBreaksTheLastTie() {
    PathAttributes same = attributes("10.0.0.5", 65001).originatorId(ipv4("10.0.0.5")).build();
    Route lower = route(same, ibgp("10.0.0.3").build());
    Route higher = route(same, ibgp("10.0.0.4").build());

    assertBest(DecisionStep.PEER_ADDRESS, lower, higher);
  }

  @Test
  void selectionDoesNotDependOnArrivalOrderWhenMedsDisagree() {
    // Pairwise these form a cycle: a beats b (eBGP), b beats c (router ID), c beats a (MED).
    Route a = route(attributes("10.0.0.1", 65001).med(100).build(), ebgpLow);
    Route b = route(attributes("10.0.0.2", 65002).med(50).build(), ibgpLow);
    Route c = route(attributes("10.0.0.8", 65001).med(10).build(), ibgpHigh);

    // The best of AS 65001 is c (MED); between c and b, b wins by router ID.
    for (List<Route> order : Collections2.permutations(List.of(a, b, c))) {
      Route[] candidates = order.toArray(new Route[0]);
      assertThat(candidates[BestPathSelector.bestIndex(candidates)])
          .as("order %s", order)
          .isSameAs(b);
    }
  }

  @Test
  void randomCandidateSetsPickTheSameBestInAnyOrder() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      List<Route> candidates = new ArrayList<>();
      int count = 2 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        String address = "10.0.0." + (i + 1);
        PeerInfo source =
            random.nextBoolean()
                ? ibgp(address).routerId("10.9.0." + random.nextInt(3)).build()
                : ebgp(address, 65001).routerId("10.9.0." + random.nextInt(3)).build();
        PathAttributes.Builder attributes =
            attributes(address, 65001 + random.nextInt(2))
                .localPref(100 + random.nextInt(2))
                .med(random.nextInt(3));
        candidates.add(route(attributes.build(), source));
      }
      Route expected = null;
      for (int shuffle = 0; shuffle < 6; shuffle++) {
        Collections.shuffle(candidates, random);
        Route[] array = candidates.toArray(new Route[0]);
        Route best = array[BestPathSelector.bestIndex(array)];
        if (expected == null) {
          expected = best;
        }
        assertThat(best).as("round %d, candidates %s", round, candidates).isSameAs(expected);
      }
    }
  }

  @Test
  void multipathHoldsPathsEqualUpToTheRouterIdWithDistinctNextHops() {
    PeerInfo third = ibgp("10.0.0.3").build();
    PeerInfo fourth = ibgp("10.0.0.4").build();
    PeerInfo fifth = ibgp("10.0.0.5").build();
    Route best = route(attributes("10.0.0.2", 65001).build(), ibgpLow);
    Route equalOtherHop = route(attributes("10.0.0.8", 65001).build(), ibgpHigh);
    Route sameHopAsBest = route(attributes("10.0.0.2", 65001).build(), third);
    Route longerPath = route(attributes("10.0.0.4", 65001, 65002).build(), fourth);
    Route differentNeighbourAs = route(attributes("10.0.0.5", 65003).build(), fifth);

    List<Route> multipath =
        BestPathSelector.multipath(
            new Route[] {best, longerPath, equalOtherHop, sameHopAsBest, differentNeighbourAs});

    assertThat(multipath).containsExactly(best, differentNeighbourAs, equalOtherHop);
  }

  @Test
  void multipathExcludesPathsThatDifferBeforeTheRouterIdStep() {
    Route best = route(attributes("10.0.0.1", 65001).build(), ebgpLow);
    Route internal = route(attributes("10.0.0.2", 65001).build(), ibgpLow);
    Route higherMed = route(attributes("10.0.0.9", 65001).med(5).build(), ebgpHigh);

    assertThat(BestPathSelector.multipath(new Route[] {best, internal, higherMed}))
        .containsExactly(best);
  }

  /** Asserts that {@code winner} beats {@code loser} at exactly this step, in either order. */
  private static void assertBest(DecisionStep step, Route winner, Route loser) {
    assertThat(BestPathSelector.decidingStep(winner, loser)).isEqualTo(step);
    assertThat(BestPathSelector.compare(winner, loser)).isNegative();
    assertThat(BestPathSelector.compare(loser, winner)).isPositive();
    assertThat(BestPathSelector.bestIndex(new Route[] {loser, winner})).isEqualTo(1);
    assertThat(BestPathSelector.bestIndex(new Route[] {winner, loser})).isEqualTo(0);
  }
}
