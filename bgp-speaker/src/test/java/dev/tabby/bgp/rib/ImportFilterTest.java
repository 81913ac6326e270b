package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.CLUSTER_ID;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ipv4;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.policy.PolicyAction;
import dev.tabby.bgp.policy.PolicyRule;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.PathAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportFilterTest {
  private final ImportFilter filter = new ImportFilter(LOCAL_ROUTER_ID, LOCAL_AS, CLUSTER_ID);
  private final PeerInfo external = ebgp("10.0.0.1", 65001).build();
  private final PeerInfo internal = ibgp("10.0.0.2").build();

  @Test
  void aPathThroughOurAsIsALoop() {
    assertThat(filter.screen(external, attributes("10.0.0.1", 65001, LOCAL_AS, 65002).build()))
        .isNull();
    assertThat(filter.screen(external, attributes("10.0.0.1", 65001, 65002).build())).isNotNull();
  }

  @Test
  void anExternalPeersRoutesMustStartWithItsAs() {
    assertThat(filter.screen(external, attributes("10.0.0.1", 65001, 65002).build())).isNotNull();
    assertThat(filter.screen(external, attributes("10.0.0.1", 65002, 65001).build())).isNull();
    assertThat(filter.screen(external, attributes("10.0.0.1").build())).as("empty").isNull();
    PathAttributes startsWithASet =
        attributes("10.0.0.1")
            .asPath(
                AsPath.of(List.of(new AsPath.Segment(AsPath.SegmentType.SET, new long[] {65001}))))
            .build();
    assertThat(filter.screen(external, startsWithASet)).isNull();
  }

  @Test
  void theFirstAsCheckCanBeTurnedOffAndNeverAppliesInternally() {
    PeerInfo routeServer = ebgp("10.0.0.1", 65001).enforceFirstAs(false).build();

    assertThat(filter.screen(routeServer, attributes("10.0.0.1", 65002).build())).isNotNull();
    assertThat(filter.screen(routeServer, attributes("10.0.0.1").build())).isNotNull();
    assertThat(filter.screen(internal, attributes("10.0.0.2").build())).isNotNull();
  }

  @Test
  void ourRouterIdAsOriginatorIsALoop() {
    PathAttributes ours = attributes("10.0.0.2").originatorId(LOCAL_ROUTER_ID).build();
    PathAttributes someoneElses = attributes("10.0.0.2").originatorId(ipv4("10.0.0.7")).build();

    assertThat(filter.screen(internal, ours)).isNull();
    assertThat(filter.screen(internal, someoneElses)).isNotNull();
  }

  @Test
  void ourClusterIdInTheClusterListIsALoop() {
    int ourCluster = InetAddresses.coerceToInteger(CLUSTER_ID);
    PathAttributes looped = attributes("10.0.0.2").clusterList(5, ourCluster).build();

    assertThat(filter.screen(internal, looped)).isNull();
    assertThat(filter.screen(internal, attributes("10.0.0.2").clusterList(5).build())).isNotNull();
  }

  @Test
  void withoutAClusterIdTheClusterListIsNotChecked() {
    ImportFilter notAReflector = new ImportFilter(LOCAL_ROUTER_ID, LOCAL_AS, null);
    int someCluster = InetAddresses.coerceToInteger(CLUSTER_ID);

    assertThat(
            notAReflector.screen(internal, attributes("10.0.0.2").clusterList(someCluster).build()))
        .isNotNull();
  }

  @Test
  void ibgpPathsWithoutLocalPrefGetOneHundredAndKeepTheirs() {
    assertThat(filter.screen(internal, attributes("10.0.0.2").build()).localPref()).isEqualTo(100);
    assertThat(filter.screen(internal, attributes("10.0.0.2").localPref(300).build()).localPref())
        .isEqualTo(300);
  }

  @Test
  void localPrefFromAnEbgpPeerIsReplacedByTheDefault() {
    PathAttributes screened =
        filter.screen(external, attributes("10.0.0.1", 65001).localPref(900).build());

    assertThat(screened.localPref()).isEqualTo(100);
  }

  @Test
  void importPolicyRejectsOrChanges() {
    PeerInfo filtered =
        ebgp("10.0.0.1", 65001)
            .importPolicy(
                new RoutePolicy(
                    List.of(
                        PolicyRule.builder()
                            .within(prefix("10.1.0.0/16"))
                            .addCommunities(0xFDE8_0001)
                            .accept()),
                    PolicyAction.REJECT))
            .build();
    PathAttributes screened = filter.screen(filtered, attributes("10.0.0.1", 65001).build());

    assertThat(filter.applyPolicy(filtered, prefix("10.2.0.0/24"), screened)).isNull();
    assertThat(filter.applyPolicy(filtered, prefix("10.1.2.0/24"), screened).communities().asList())
        .containsExactly(0xFDE8_0001);
  }
}
