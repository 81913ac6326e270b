package dev.tabby.node;

import static dev.tabby.bgp.wire.AddPath.Direction.RECEIVE;
import static dev.tabby.bgp.wire.AddPath.Direction.SEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.common.net.InetAddresses;
import dev.tabby.api.v1.BFDSettings;
import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPConfigurationSpec;
import dev.tabby.api.v1.BGPPassword;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.BGPPeerSpec;
import dev.tabby.api.v1.MaxPrefixes;
import dev.tabby.api.v1.NextHopMode;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.api.v1.PrefixLimitAction;
import dev.tabby.api.v1.PrefixLimitSettings;
import dev.tabby.api.v1.SecretKeyReference;
import dev.tabby.bfd.BfdParameters;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerPlannerTest {

  private static final LocalNode ME =
      new LocalNode(
          "n1",
          Map.of("rack", "a"),
          Optional.of(BgpAddress.parse("10.0.0.1/24")),
          Optional.of(BgpAddress.parse("fd00::1/64")));

  private final PeerPlanner planner =
      new PeerPlanner(
          (name, key) -> {
            if (name.equals("bgp") && key.equals("tor")) {
              return "s3cret";
            }
            throw new ConfigException("Secret kube-system/" + name + " does not exist");
          },
          Map.of("no-pods-to-tor", FilterPoliciesTest.filter("no-pods-to-tor", "10.244.0.0/16")));

  @Test
  void meshPeersWithEveryOtherAnnotatedNodeInBothFamilies() {
    PeerPlan plan =
        planner.plan(
            ME,
            List.of(
                node("n1", "10.0.0.1/24", null),
                node("n2", "10.0.0.2/24", "fd00::2/64"),
                node("n3", null, null)),
            null,
            List.of());

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()), PeerConfig::remoteAs)
        .containsExactlyInAnyOrder(tuple("10.0.0.2", 64512L), tuple("fd00::2", 64512L));
    assertThat(plan.peers().get(0).localAddress()).isEqualTo(InetAddresses.forString("10.0.0.1"));
  }

  @Test
  void meshOffLeavesOnlyBgpPeers() {
    BGPConfiguration configuration = new BGPConfiguration();
    configuration.getMetadata().setName("default");
    BGPConfigurationSpec spec = new BGPConfigurationSpec();
    spec.setNodeToNodeMeshEnabled(false);
    configuration.setSpec(spec);
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);

    PeerPlan plan =
        planner.plan(ME, List.of(node("n2", "10.0.0.2/24", null)), configuration, List.of(tor));

    assertThat(plan.peers()).extracting(PeerConfig::remoteAs).containsExactly(65000L);
  }

  @Test
  void bgpPeerCarriesPasswordHoldTimeAndNextHopSelf() {
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    tor.getSpec().setHoldTimeSeconds(9);
    tor.getSpec().setNextHopMode(NextHopMode.Self);
    tor.getSpec().setPassword(password("bgp", "tor"));

    PeerConfig peer = planner.plan(ME, List.of(), null, List.of(tor)).peers().get(0);

    assertThat(peer.password()).isEqualTo("s3cret");
    assertThat(peer.holdTime()).isEqualTo(Duration.ofSeconds(9));
    assertThat(peer.nextHopSelf()).isTrue();
    assertThat(peer.localAddress()).isEqualTo(InetAddresses.forString("10.0.0.1"));
    assertThat(peer.keepaliveTime())
        .as("a third of the hold time")
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void bgpPeerOffersExtendedNextHopOnlyWhenItAsksForIt() {
    BGPPeer plain = peer("plain", "10.0.0.253", 65000L);
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    tor.getSpec().setExtendedNextHop(true);

    List<PeerConfig> peers = planner.plan(ME, List.of(), null, List.of(plain, tor)).peers();

    assertThat(peers)
        .extracting(p -> p.address().getHostAddress(), PeerConfig::extendedNextHop)
        .containsExactlyInAnyOrder(tuple("10.0.0.253", false), tuple("10.0.0.254", true));
  }

  @Test
  void bgpPeerOffersExtendedMessagesUnlessItTurnsThemOff() {
    BGPPeer plain =
        Serialization.unmarshal(
            """
            apiVersion: tabby.dev/v1
            kind: BGPPeer
            metadata: {name: plain}
            spec: {peerIP: 10.0.0.253, asNumber: 65000}
            """,
            BGPPeer.class);
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    tor.getSpec().setExtendedMessages(false);

    List<PeerConfig> peers = planner.plan(ME, List.of(), null, List.of(plain, tor)).peers();

    assertThat(peers)
        .extracting(p -> p.address().getHostAddress(), PeerConfig::extendedMessages)
        .containsExactlyInAnyOrder(tuple("10.0.0.253", true), tuple("10.0.0.254", false));
  }

  @Test
  void bfdIsEnabledPerBgpPeerAndForTheMesh() {
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    tor.getSpec().setBfd(bfd(100, 200, 4));
    BGPPeer far = peer("far", "10.9.0.1", 65009L);
    BFDSettings multihop = bfd(300, 300, 5);
    multihop.setMultihop(true);
    multihop.setMinimumTtl(62);
    far.getSpec().setBfd(multihop);
    BGPPeer plain = peer("plain", "10.0.0.253", 65000L);
    BGPConfiguration configuration = new BGPConfiguration();
    configuration.getMetadata().setName("default");
    BGPConfigurationSpec spec = new BGPConfigurationSpec();
    spec.setNodeMeshBfd(bfd(300, 300, 3));
    configuration.setSpec(spec);

    PeerPlan plan =
        planner.plan(
            ME, List.of(node("n2", "10.0.0.2/24", null)), configuration, List.of(tor, far, plain));

    assertThat(plan.bfd())
        .containsOnly(
            Map.entry(
                InetAddresses.forString("10.0.0.254"),
                BfdOptions.singleHop(BfdParameters.ofMillis(100, 200, 4))),
            Map.entry(
                InetAddresses.forString("10.9.0.1"),
                BfdOptions.multihop(BfdParameters.ofMillis(300, 300, 5), 62)),
            Map.entry(
                InetAddresses.forString("10.0.0.2"),
                BfdOptions.singleHop(BfdParameters.ofMillis(300, 300, 3))));
  }

  @Test
  void badBfdSettingsAreAProblemNamingTheField() {
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    tor.getSpec().setBfd(bfd(100, 100, 0));

    PeerPlan plan = planner.plan(ME, List.of(), meshOff(), List.of(tor));

    assertThat(plan.problems())
        .singleElement()
        .asString()
        .contains("BGPPeer tor: spec.bfd", "multiplier");
    assertThat(plan.bfd()).isEmpty();
  }

  private static BFDSettings bfd(int minTxMs, int minRxMs, int multiplier) {
    BFDSettings settings = new BFDSettings();
    settings.setEnabled(true);
    settings.setMinTxMs(minTxMs);
    settings.setMinRxMs(minRxMs);
    settings.setMultiplier(multiplier);
    return settings;
  }

  @Test
  void bgpPeerCarriesItsMaximumRestartTime() {
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    BGPPeer noHelp = peer("no-help", "10.0.0.253", 65000L);
    tor.getSpec().setMaxRestartTimeSeconds(300);
    noHelp.getSpec().setMaxRestartTimeSeconds(0);

    List<PeerConfig> peers = planner.plan(ME, List.of(), null, List.of(tor, noHelp)).peers();

    assertThat(peers)
        .extracting(PeerConfig::maxRestartTime)
        .containsExactlyInAnyOrder(Duration.ofSeconds(300), Duration.ZERO);
  }

  @Test
  void bgpPeerMaxPrefixesBecomeTheSpeakersPrefixLimitsPerFamily() {
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    MaxPrefixes max = new MaxPrefixes();
    max.setIpv4(prefixLimit(1000L, PrefixLimitAction.TEARDOWN, 30));
    PrefixLimitSettings warnOnly = prefixLimit(50L, PrefixLimitAction.WARN, 300);
    warnOnly.setWarningPercent(90);
    max.setIpv6(warnOnly);
    tor.getSpec().setMaxPrefixes(max);
    BGPPeer unlimited = peer("unlimited", "10.0.0.253", 65000L);

    PeerPlan plan = planner.plan(ME, List.of(), meshOff(), List.of(tor, unlimited));

    assertThat(plan.problems()).isEmpty();
    assertThat(configOf(plan, "10.0.0.254").prefixLimits())
        .containsOnly(
            Map.entry(
                AddressFamily.IPV4_UNICAST,
                new PrefixLimit(1000, 80, PrefixLimit.Action.TEARDOWN, Duration.ofSeconds(30))),
            Map.entry(
                AddressFamily.IPV6_UNICAST,
                new PrefixLimit(50, 90, PrefixLimit.Action.WARN, Duration.ofSeconds(300))));
    assertThat(configOf(plan, "10.0.0.253").prefixLimits()).isEmpty();
  }

  @Test
  void badMaxPrefixesAreAProblemNamingTheFieldWhileTheOthersStay() {
    BGPPeer noMaximum = peer("no-maximum", "10.0.0.254", 65000L);
    noMaximum.getSpec().setMaxPrefixes(new MaxPrefixes());
    noMaximum.getSpec().getMaxPrefixes().setIpv4(prefixLimit(null, PrefixLimitAction.WARN, 300));
    BGPPeer badPercent = peer("bad-percent", "10.0.0.253", 65000L);
    badPercent.getSpec().setMaxPrefixes(new MaxPrefixes());
    PrefixLimitSettings limit = prefixLimit(10L, PrefixLimitAction.TEARDOWN, 300);
    limit.setWarningPercent(0);
    badPercent.getSpec().getMaxPrefixes().setIpv6(limit);
    BGPPeer fine = peer("fine", "10.0.0.252", 65000L);

    PeerPlan plan = planner.plan(ME, List.of(), meshOff(), List.of(noMaximum, badPercent, fine));

    assertThat(plan.problems())
        .containsExactly(
            "BGPPeer bad-percent: spec.maxPrefixes.ipv6: warning percent must be 1..100, got 0",
            "BGPPeer no-maximum: spec.maxPrefixes.ipv4.maximum is missing (the most prefixes of"
                + " the family)");
    assertThat(plan.peers())
        .extracting(peer -> InetAddresses.toAddrString(peer.address()))
        .containsExactly("10.0.0.252");
  }

  private static PrefixLimitSettings prefixLimit(
      Long maximum, PrefixLimitAction action, int restartIntervalSeconds) {
    PrefixLimitSettings settings = new PrefixLimitSettings();
    settings.setMaximum(maximum);
    settings.setAction(action);
    settings.setRestartIntervalSeconds(restartIntervalSeconds);
    return settings;
  }

  private static PeerConfig configOf(PeerPlan plan, String address) {
    return plan.peers().stream()
        .filter(peer -> peer.address().equals(InetAddresses.forString(address)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void bgpPeerCarriesItsLongLivedStaleTime() {
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);
    BGPPeer plain = peer("plain", "10.0.0.253", 65000L);
    tor.getSpec().setLongLivedStaleTimeSeconds(86400);

    List<PeerConfig> peers = planner.plan(ME, List.of(), null, List.of(tor, plain)).peers();

    assertThat(peers)
        .extracting(PeerConfig::longLivedStaleTime)
        .containsExactlyInAnyOrder(Duration.ofDays(1), Duration.ZERO);
  }

  @Test
  void bgpPeerKeepaliveTimeIsTakenWithinRfc4271sRules() {
    BGPPeer fast = peer("fast", "10.0.0.254", 65000L);
    fast.getSpec().setHoldTimeSeconds(30);
    fast.getSpec().setKeepaliveTimeSeconds(2);
    BGPPeer tooSlow = peer("too-slow", "10.0.0.253", 65000L);
    tooSlow.getSpec().setKeepaliveTimeSeconds(31);

    PeerPlan plan = planner.plan(ME, List.of(), null, List.of(fast, tooSlow));

    assertThat(plan.peers())
        .extracting(PeerConfig::keepaliveTime)
        .containsExactly(Duration.ofSeconds(2));
    assertThat(plan.problems())
        .containsExactly(
            "BGPPeer too-slow: spec.keepaliveTimeSeconds: keepalive time 31s is more than a third"
                + " of the hold time 90s");
  }

  @Test
  void bgpPeerNamingAFilterGetsItsPoliciesAndAMissingFilterKeepsThePeerOut() {
    BGPPeer filtered = peer("filtered", "10.0.0.254", 65000L);
    filtered.getSpec().setFilter("no-pods-to-tor");
    BGPPeer typo = peer("typo", "10.0.0.253", 65000L);
    typo.getSpec().setFilter("no-pods-to-to");

    PeerPlan plan = planner.plan(ME, List.of(), null, List.of(filtered, typo));

    assertThat(plan.peers()).hasSize(1);
    assertThat(plan.peers().get(0).exportPolicy())
        .isEqualTo(
            FilterPolicies.of(FilterPoliciesTest.filter("x", "10.244.0.0/16")).exportPolicy());
    assertThat(plan.problems())
        .containsExactly("BGPPeer typo: spec.filter 'no-pods-to-to' names no BGPFilter");
  }

  @Test
  void bgpPeerForOtherNodesOrUnselectedIsIgnored() {
    BGPPeer other = peer("other", "10.0.0.253", 65000L);
    other.getSpec().setNode("n9");
    BGPPeer rackB = peer("rack-b", "10.0.0.252", 65000L);
    rackB.getSpec().setNodeSelector("rack == 'b'");
    BGPPeer rackA = peer("rack-a", "10.0.0.251", 65000L);
    rackA.getSpec().setNodeSelector("rack == 'a'");

    PeerPlan plan = planner.plan(ME, List.of(), null, List.of(other, rackB, rackA));

    assertThat(plan.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()))
        .containsExactly("10.0.0.251");
  }

  @Test
  void peerSelectorPeersWithMatchingNodes() {
    BGPPeer reflectors = new BGPPeer();
    reflectors.getMetadata().setName("to-reflectors");
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setPeerSelector("has(route-reflector)");
    reflectors.setSpec(spec);
    Node rr = node("rr1", "10.0.0.9/24", null);
    rr.getMetadata().setLabels(Map.of("route-reflector", "true"));

    PeerPlan plan =
        planner.plan(
            ME, List.of(rr, node("n2", "10.0.0.2/24", null)), meshOff(), List.of(reflectors));

    assertThat(plan.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()))
        .containsExactly("10.0.0.9");
  }

  @Test
  void aReflectorPeersWithTheNodesThatPeerWithItAndReflectsToThoseOfOtherClusters() {
    BGPPeer reflectors = allNodesToReflectors();
    Node rr1 = reflector("rr1", "10.0.0.9/24", "1.1.1.1");
    Node rr2 = reflector("rr2", "10.0.0.10/24", "1.1.1.1");
    Node rr3 = reflector("rr3", "10.0.0.11/24", "2.2.2.2");
    LocalNode me = REFLECTOR_RR1;

    PeerPlan plan =
        planner.plan(
            me,
            List.of(
                rr1, rr2, rr3, node("n2", "10.0.0.2/24", null), node("n3", "10.0.0.3/24", null)),
            meshOff(),
            List.of(reflectors));

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()), PeerConfig::routeReflectorClient)
        .containsExactlyInAnyOrder(
            tuple("10.0.0.10", false),
            tuple("10.0.0.11", true),
            tuple("10.0.0.2", true),
            tuple("10.0.0.3", true));
  }

  @Test
  void reflectorsSendTheirClientsSeveralPathsAndClientsReceiveThem() {
    BGPPeer reflectors = allNodesToReflectors();
    List<Node> nodes =
        List.of(
            reflector("rr1", "10.0.0.9/24", "1.1.1.1"),
            reflector("rr2", "10.0.0.10/24", "1.1.1.1"),
            node("n2", "10.0.0.2/24", null));

    PeerPlan ofReflector = planner.plan(REFLECTOR_RR1, nodes, meshOff(), List.of(reflectors));
    PeerPlan ofClient = planner.plan(ME, nodes, meshOff(), List.of(reflectors));

    assertThat(ofReflector.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()), p -> directions(p.addPaths()))
        .containsExactlyInAnyOrder(tuple("10.0.0.10", Set.of()), tuple("10.0.0.2", Set.of(SEND)));
    assertThat(ofClient.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()), p -> directions(p.addPaths()))
        .containsExactlyInAnyOrder(
            tuple("10.0.0.9", Set.of(RECEIVE)), tuple("10.0.0.10", Set.of(RECEIVE)));
    assertThat(ofClient.peers()).allSatisfy(p -> assertThat(p.addPaths().families()).hasSize(2));
  }

  @Test
  void theClusterSwitchOffersExtendedNextHopToEveryNodeButNotToRouters() {
    BGPConfiguration configuration = new BGPConfiguration();
    configuration.getMetadata().setName("default");
    BGPConfigurationSpec spec = new BGPConfigurationSpec();
    spec.setNodeMeshExtendedNextHop(true);
    configuration.setSpec(spec);
    List<Node> nodes =
        List.of(
            node("n2", null, "fd00::2/64"),
            reflector("rr1", "10.0.0.9/24", "1.1.1.1"),
            node("n3", "10.0.0.3/24", null));
    BGPPeer n3ByAddress = peer("n3", "10.0.0.3", 64512L);
    BGPPeer tor = peer("tor", "fd00::fe", 65000L);

    PeerPlan plan =
        planner.plan(ME, nodes, configuration, List.of(allNodesToReflectors(), n3ByAddress, tor));

    assertThat(plan.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()), PeerConfig::extendedNextHop)
        .containsExactlyInAnyOrder(
            tuple("fd00::2", true), // mesh
            tuple("10.0.0.9", true), // a reflector, by peerSelector
            tuple("10.0.0.3", true), // another node, by its address
            tuple("fd00::fe", false)); // a router: only its BGPPeer decides
    assertThat(planner.plan(ME, nodes, null, List.of(allNodesToReflectors())).peers())
        .as("off by default")
        .noneMatch(PeerConfig::extendedNextHop);
  }

  /** Reflector rr1 of cluster 1.1.1.1 as the local node. */
  private static final LocalNode REFLECTOR_RR1 =
      new LocalNode(
          "rr1",
          Map.of("route-reflector", "true"),
          Optional.of(BgpAddress.parse("10.0.0.9/24")),
          Optional.empty());

  /** The BGPPeer by which every node peers with the nodes labelled as reflectors. */
  private static BGPPeer allNodesToReflectors() {
    BGPPeer reflectors = new BGPPeer();
    reflectors.getMetadata().setName("to-reflectors");
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setNodeSelector("all()");
    spec.setPeerSelector("route-reflector == 'true'");
    reflectors.setSpec(spec);
    return reflectors;
  }

  private static Set<AddPath.Direction> directions(AddPath addPath) {
    return Set.copyOf(addPath.families().values());
  }

  @Test
  void aNodeThatIsNoReflectorHasNoClients() {
    BGPPeer reflectors = new BGPPeer();
    reflectors.getMetadata().setName("to-reflectors");
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setPeerSelector("route-reflector == 'true'");
    reflectors.setSpec(spec);

    PeerPlan plan =
        planner.plan(
            ME,
            List.of(reflector("rr1", "10.0.0.9/24", "1.1.1.1"), node("n2", "10.0.0.2/24", null)),
            null,
            List.of(reflectors));

    assertThat(plan.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()), PeerConfig::routeReflectorClient)
        .containsExactlyInAnyOrder(tuple("10.0.0.9", false), tuple("10.0.0.2", false));
  }

  @Test
  void badPeersAreReportedByNameAndFieldWhileTheOthersStay() {
    BGPPeer noAs = peer("no-as", "10.0.0.250", null);
    BGPPeer badSecret = peer("bad-secret", "10.0.0.249", 65000L);
    badSecret.getSpec().setPassword(password("missing", "x"));
    BGPPeer good = peer("good", "10.0.0.248", 65000L);

    PeerPlan plan = planner.plan(ME, List.of(), null, List.of(noAs, badSecret, good));

    assertThat(plan.peers())
        .extracting(p -> InetAddresses.toAddrString(p.address()))
        .containsExactly("10.0.0.248");
    assertThat(plan.problems())
        .containsExactlyInAnyOrder(
            "BGPPeer no-as: spec.asNumber is missing (the peer's AS)",
            "BGPPeer bad-secret: spec.password.secretKeyRef: Secret kube-system/missing does not exist");
  }

  @Test
  void bgpPeerWinsOverTheMeshForTheSameAddress() {
    BGPPeer explicit = peer("n2-explicit", "10.0.0.2", 65099L);

    PeerPlan plan =
        planner.plan(ME, List.of(node("n2", "10.0.0.2/24", null)), null, List.of(explicit));

    assertThat(plan.peers()).extracting(PeerConfig::remoteAs).containsExactly(65099L);
  }

  @Test
  void eachPeerIsTypedMeshReflectorNodeOrTor() {
    BGPPeer toReflectors = new BGPPeer();
    toReflectors.getMetadata().setName("to-reflectors");
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setPeerSelector("has(route-reflector)");
    toReflectors.setSpec(spec);
    Node rr = node("rr1", "10.0.0.9/24", null);
    rr.getMetadata().setLabels(Map.of("route-reflector", "true"));
    rr.getMetadata().getAnnotations().put(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, "1.0.0.1");
    Node rr2 = node("rr2", "10.0.0.8/24", null);
    rr2.getMetadata()
        .getAnnotations()
        .put(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, "1.0.0.1");
    BGPPeer rr2ByAddress = peer("rr2", "10.0.0.8", 64512L);
    BGPPeer n3ByAddress = peer("n3", "10.0.0.3", 64512L);
    BGPPeer tor = peer("tor", "10.0.0.254", 65000L);

    PeerPlan plan =
        planner.plan(
            ME,
            List.of(rr, rr2, node("n2", "10.0.0.2/24", null), node("n3", "10.0.0.3/24", null)),
            null,
            List.of(toReflectors, rr2ByAddress, n3ByAddress, tor));

    assertThat(plan.types())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                InetAddresses.forString("10.0.0.9"), PeerType.REFLECTOR,
                InetAddresses.forString("10.0.0.8"), PeerType.REFLECTOR,
                InetAddresses.forString("10.0.0.3"), PeerType.NODE,
                InetAddresses.forString("10.0.0.254"), PeerType.TOR,
                InetAddresses.forString("10.0.0.2"), PeerType.MESH));
  }

  private static BGPConfiguration meshOff() {
    BGPConfiguration configuration = new BGPConfiguration();
    configuration.getMetadata().setName("default");
    BGPConfigurationSpec spec = new BGPConfigurationSpec();
    spec.setNodeToNodeMeshEnabled(false);
    configuration.setSpec(spec);
    return configuration;
  }

  private static Node node(String name, String ipv4, String ipv6) {
    NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
    Node built = node.build();
    Map<String, String> annotations = new HashMap<>();
    if (ipv4 != null) {
      annotations.put(NodeBgpAnnotations.IPV4_ADDRESS, ipv4);
    }
    if (ipv6 != null) {
      annotations.put(NodeBgpAnnotations.IPV6_ADDRESS, ipv6);
    }
    built.getMetadata().setAnnotations(annotations);
    return built;
  }

  private static Node reflector(String name, String ipv4, String clusterId) {
    Node node = node(name, ipv4, null);
    node.getMetadata()
        .getAnnotations()
        .put(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, clusterId);
    node.getMetadata().setLabels(Map.of("route-reflector", "true"));
    return node;
  }

  private static BGPPeer peer(String name, String ip, Long as) {
    return BGPPeer.of(name, ip, as);
  }

  private static BGPPassword password(String secret, String key) {
    SecretKeyReference ref = new SecretKeyReference();
    ref.setName(secret);
    ref.setKey(key);
    BGPPassword password = new BGPPassword();
    password.setSecretKeyRef(ref);
    return password;
  }
}
