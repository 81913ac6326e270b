package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ipv4;
import static dev.tabby.bgp.rib.TestPeer.path;
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
    Path local =
        path(PathAttributes.builder().localPref(50).origin(Origin.INCOMPLETE).build(), null);
    Path learned = path(attributes("10.0.0.1", 65001).localPref(500).build(), ebgpLow);

    assertBest(DecisionStep.LOCALLY_ORIGINATED, local, learned);
  }

  @Test
  void highestLocalPrefWins() {
    Path high =
        path(
            attributes("10.0.0.8", 65001, 65002).localPref(200).origin(Origin.INCOMPLETE).build(),
            ibgpHigh);
    Path low = path(attributes("10.0.0.1", 65001).localPref(100).build(), ebgpLow);

    assertBest(DecisionStep.LOCAL_PREF, high, low);
  }

  @Test
  void missingLocalPrefCountsAsOneHundred() {
    Path missing = path(attributes("10.0.0.8", 65001, 65002).build(), ibgpHigh);
    Path ninetyNine = path(attributes("10.0.0.1", 65001).localPref(99).build(), ebgpLow);

    assertBest(DecisionStep.LOCAL_PREF, missing, ninetyNine);
  }

  @Test
  void shortestAsPathWins() {
    Path shorter = path(attributes("10.0.0.8", 65001).origin(Origin.INCOMPLETE).build(), ibgpHigh);
    Path longer = path(attributes("10.0.0.1", 65001, 65002).build(), ebgpLow);

    assertBest(DecisionStep.AS_PATH_LENGTH, shorter, longer);
  }

  @Test
  void anAsSetCountsAsOneAs() {
    AsPath withSet =
        AsPath.of(
            List.of(
                new Segment(SegmentType.SEQUENCE, new long[] {65001}),
                new Segment(SegmentType.SET, new long[] {65002, 65003, 65004})));
    Path set = path(attributes("10.0.0.8").asPath(withSet).build(), ibgpHigh);
    Path sequence = path(attributes("10.0.0.1", 65001, 65002, 65003).build(), ebgpLow);

    assertBest(DecisionStep.AS_PATH_LENGTH, set, sequence);
  }

  @Test
  void lowestOriginWins() {
    Path igp = path(attributes("10.0.0.8", 65001).origin(Origin.IGP).med(100).build(), ibgpHigh);
    Path egp = path(attributes("10.0.0.1", 65001).origin(Origin.EGP).build(), ebgpLow);
    Path incomplete =
        path(attributes("10.0.0.1", 65001).origin(Origin.INCOMPLETE).build(), ebgpLow);

    assertBest(DecisionStep.ORIGIN, igp, egp);
    Path egpInternal = path(attributes("10.0.0.8", 65001).origin(Origin.EGP).build(), ibgpHigh);
    assertBest(DecisionStep.ORIGIN, egpInternal, incomplete);
  }

  @Test
  void lowestMedWinsAmongPathsFromTheSameNeighbourAs() {
    Path lowMed = path(attributes("10.0.0.8", 65001, 65009).med(10).build(), ibgpHigh);
    Path highMed = path(attributes("10.0.0.1", 65001, 65002).med(20).build(), ebgpLow);

    assertBest(DecisionStep.MED, lowMed, highMed);
  }

  @Test
  void missingMedCountsAsZero() {
    Path missing = path(attributes("10.0.0.8", 65001).build(), ibgpHigh);
    Path five = path(attributes("10.0.0.1", 65001).med(5).build(), ebgpLow);

    assertBest(DecisionStep.MED, missing, five);
  }

  @Test
  void medIsIgnoredBetweenDifferentNeighbourAses() {
    Path highMedEbgp = path(attributes("10.0.0.9", 65001).med(100).build(), ebgpHigh);
    Path lowMedIbgp = path(attributes("10.0.0.2", 65002).med(1).build(), ibgpLow);

    assertBest(DecisionStep.EBGP_OVER_IBGP, highMedEbgp, lowMedIbgp);
  }

  @Test
  void ebgpBeatsIbgp() {
    Path external = path(attributes("10.0.0.9", 65001).build(), ebgpHigh);
    Path internal = path(attributes("10.0.0.2", 65001).build(), ibgpLow);

    assertBest(DecisionStep.EBGP_OVER_IBGP, external, internal);
  }

  @Test
  void lowestRouterIdWins() {
    PeerInfo lowIdHighAddress = ibgp("10.0.0.9").routerId("1.1.1.1").build();
    PeerInfo highIdLowAddress = ibgp("10.0.0.1").routerId("2.2.2.2").build();
    Path low = path(attributes("10.0.0.9", 65001).clusterList(1, 2).build(), lowIdHighAddress);
    Path high = path(attributes("10.0.0.1", 65001).build(), highIdLowAddress);

    assertBest(DecisionStep.ROUTER_ID, low, high);
  }

  @Test
  void routerIdsCompareUnsigned() {
    PeerInfo low = ibgp("10.0.0.9").routerId("100.0.0.1").build();
    PeerInfo high = ibgp("10.0.0.1").routerId("200.0.0.1").build();

    assertBest(
        DecisionStep.ROUTER_ID,
        path(attributes("10.0.0.9", 65001).build(), low),
        path(attributes("10.0.0.1", 65001).build(), high));
  }

  @Test
  void originatorIdStandsInForTheRouterIdOfReflectedPaths() {
    PeerInfo reflector = ibgp("10.0.0.9").routerId("9.9.9.9").build();
    Path reflected =
        path(attributes("10.0.0.9", 65001).originatorId(ipv4("1.1.1.1")).build(), reflector);
    Path direct =
        path(attributes("10.0.0.1", 65001).build(), ibgp("10.0.0.1").routerId("2.2.2.2").build());

    assertBest(DecisionStep.ROUTER_ID, reflected, direct);
  }

  @Test
  void shortestClusterListWins() {
    PeerInfo reflectorA = ibgp("10.0.0.9").build();
    PeerInfo reflectorB = ibgp("10.0.0.1").build();
    PathAttributes.Builder sameOriginator =
        attributes("10.0.0.5", 65001).originatorId(ipv4("10.0.0.5"));
    Path shorter = path(sameOriginator.clusterList(7).build(), reflectorA);
    Path longer = path(sameOriginator.clusterList(8, 7).build(), reflectorB);

    assertBest(DecisionStep.CLUSTER_LIST_LENGTH, shorter, longer);
  }

  @Test
  void lowestPeerAddressBreaksTheLastTie() {
    PathAttributes same = attributes("10.0.0.5", 65001).originatorId(ipv4("10.0.0.5")).build();
    Path lower = path(same, ibgp("10.0.0.3").build());
    Path higher = path(same, ibgp("10.0.0.4").build());

    assertBest(DecisionStep.PEER_ADDRESS, lower, higher);
  }

  @Test
  void selectionDoesNotDependOnArrivalOrderWhenMedsDisagree() {
    // Pairwise these form a cycle: a beats b (eBGP), b beats c (router ID), c beats a (MED).
    Path a = path(attributes("10.0.0.1", 65001).med(100).build(), ebgpLow);
    Path b = path(attributes("10.0.0.2", 65002).med(50).build(), ibgpLow);
    Path c = path(attributes("10.0.0.8", 65001).med(10).build(), ibgpHigh);

    // The best of AS 65001 is c (MED); between c and b, b wins by router ID.
    for (List<Path> order : Collections2.permutations(List.of(a, b, c))) {
      Path[] candidates = order.toArray(new Path[0]);
      assertThat(candidates[BestPathSelector.bestIndex(candidates)])
          .as("order %s", order)
          .isSameAs(b);
    }
  }

  @Test
  void randomCandidateSetsPickTheSameBestInAnyOrder() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      List<Path> candidates = new ArrayList<>();
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
        candidates.add(path(attributes.build(), source));
      }
      Path expected = null;
      for (int shuffle = 0; shuffle < 6; shuffle++) {
        Collections.shuffle(candidates, random);
        Path[] array = candidates.toArray(new Path[0]);
        Path best = array[BestPathSelector.bestIndex(array)];
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
    Path best = path(attributes("10.0.0.2", 65001).build(), ibgpLow);
    Path equalOtherHop = path(attributes("10.0.0.8", 65001).build(), ibgpHigh);
    Path sameHopAsBest = path(attributes("10.0.0.2", 65001).build(), third);
    Path longerPath = path(attributes("10.0.0.4", 65001, 65002).build(), fourth);
    Path differentNeighbourAs = path(attributes("10.0.0.5", 65003).build(), fifth);

    List<Path> multipath =
        BestPathSelector.multipath(
            new Path[] {best, longerPath, equalOtherHop, sameHopAsBest, differentNeighbourAs});

    assertThat(multipath).containsExactly(best, differentNeighbourAs, equalOtherHop);
  }

  @Test
  void multipathExcludesPathsThatDifferBeforeTheRouterIdStep() {
    Path best = path(attributes("10.0.0.1", 65001).build(), ebgpLow);
    Path internal = path(attributes("10.0.0.2", 65001).build(), ibgpLow);
    Path higherMed = path(attributes("10.0.0.9", 65001).med(5).build(), ebgpHigh);

    assertThat(BestPathSelector.multipath(new Path[] {best, internal, higherMed}))
        .containsExactly(best);
  }

  /** Asserts that {@code winner} beats {@code loser} at exactly this step, in either order. */
  private static void assertBest(DecisionStep step, Path winner, Path loser) {
    assertThat(BestPathSelector.decidingStep(winner, loser)).isEqualTo(step);
    assertThat(BestPathSelector.compare(winner, loser)).isNegative();
    assertThat(BestPathSelector.compare(loser, winner)).isPositive();
    assertThat(BestPathSelector.bestIndex(new Path[] {loser, winner})).isEqualTo(1);
    assertThat(BestPathSelector.bestIndex(new Path[] {winner, loser})).isEqualTo(0);
  }
}
