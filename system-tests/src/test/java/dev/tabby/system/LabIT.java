package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPFilterRule;
import dev.tabby.api.v1.BGPFilterSpec;
import dev.tabby.api.v1.BGPPassword;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.BlockAffinitySpec;
import dev.tabby.api.v1.FilterAction;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.api.v1.MatchOperator;
import dev.tabby.api.v1.SecretKeyReference;
import dev.tabby.ipam.Names;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system, once: the lab's 3-node mesh with real tabby-node processes and tabby-controller
 * against the API stand-in, two pods per node wired by the CNI plugin; then the cluster is changed
 * while it runs, and tabbyctl reads it. The tests share one lab (a lab takes minutes on a loaded
 * 2-core machine) and run in order.
 *
 * <p>This is the one IT whose API requests prove the bundle's RBAC: the stand-in records every
 * request with the component that made it, and the last test holds all of them, from every test
 * before it, against the roles ({@link #theBundlesRolesGrantExactlyTheRequestsTheComponentsMade}).
 * A new API request in a component therefore needs its grant in manifests/ and a step here (or in
 * the lab's build) that makes it; manifests/README.md says so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  private static final String ROUTER_PREFIX = "10.99.0.0/24";
  private static final String ROUTER_PASSWORD = "lab-md5";
  private static final String HALF_CLAIMED_BLOCK = "10.244.255.192/26";

  private static ClusterLab lab;

  @BeforeAll
  static void up() {
    lab = SystemLabs.up(3, Topology.mesh);
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void theLabShowsSessionsRoutesAPingMatrixAndPlainIpOnTheFabric() {
    List<String> failures = new LabReport(lab, System.out).run();

    assertThat(failures).isEmpty();
    assertThat(lab.pods()).hasSize(6);
    assertThat(lab.pods().stream().map(LabPod::address).distinct()).hasSize(6);
    String metrics =
        lab.nodes()
            .get(0)
            .host()
            .execOk("curl", "-s", lab.nodes().get(0).httpUrl() + "/metrics")
            .stdout();
    assertThat(metrics)
        .contains("tabby_bgp_sessions{state=\"Established\"} 2")
        .contains("tabby_kernel_routes_installed 3")
        .contains("tabby_ipam_blocks 1")
        .contains("tabby_cni_requests_total{code=\"0\",command=\"ADD\",plugin=\"tabby\"} 2");
  }

  @Test
  @Order(2)
  void aBadBgpPeerIsReportedWhileTheOtherSessionsStayUp() {
    LabNode node1 = lab.nodes().get(0);
    BGPPeer bad = peer("no-as", "10.0.0.99", null);

    lab.api().apply(bad);

    String readyz =
        Wait.until(
            "node1 not ready because of BGPPeer no-as",
            CONVERGENCE,
            () -> lab.readyz(node1),
            answer -> answer.startsWith("503") && answer.contains("BGPPeer no-as: spec.asNumber"));
    assertThat(readyz).doesNotContain("bgp:").doesNotContain("datastore:");
    assertThat(lab.agent(node1).log())
        .contains("event=bad-config BGPPeer no-as: spec.asNumber is missing");
    assertThat(LabReport.reaches(lab.pods().get(0), lab.pods().get(5))).isTrue();

    lab.api().delete(bad);
    Wait.until("node1 ready again", CONVERGENCE, () -> lab.readyz(node1), a -> a.startsWith("200"));
  }

  @Test
  @Order(3)
  void aBgpPeerAddedAtRuntimeBringsSessionsUpItsFilterIsHonouredAndItsDeletionTakesThemDown() {
    Host routerHost = lab.addSegmentHost("rtr", "10.0.0.50");
    BgpDaemonConfig.Builder config =
        BgpDaemonConfig.builder("10.0.0.50", 65050).originate(ROUTER_PREFIX);
    lab.nodes()
        .forEach(
            node ->
                config.neighbor(
                    Neighbor.of(node.address(), node.as()).withPassword(ROUTER_PASSWORD)));
    Bird router = Bird.start(routerHost, config.build());
    LabNode node1 = lab.nodes().get(0);
    // The TCP-MD5 password, from a Secret in Tabby's namespace, as the BGPPeer names it.
    lab.api()
        .apply(
            new SecretBuilder()
                .withNewMetadata()
                .withName("router-bgp")
                .withNamespace(ClusterLab.NAMESPACE)
                .endMetadata()
                .addToStringData("password", ROUTER_PASSWORD)
                .build());

    lab.api().apply(peer("router", "10.0.0.50", 65050L));

    router.awaitAllEstablished();
    Map<String, List<String>> blocks = new LabReport(lab, System.out).blocksByNode();
    blocks.values().stream().flatMap(List::stream).forEach(router::awaitRoute);
    awaitKernelRoute(node1, ROUTER_PREFIX, true);

    // A filter named by the BGPPeer, changed live: node1's block is not exported to the router,
    // and the router's prefix is not imported by any node.
    String node1Block = blocks.get(node1.name()).get(0);
    lab.api().apply(filter("router-filter", node1Block, ROUTER_PREFIX));
    BGPPeer filtered = peer("router", "10.0.0.50", 65050L);
    filtered.getSpec().setFilter("router-filter");
    lab.api().apply(filtered);

    router.awaitNoRoute(node1Block, CONVERGENCE);
    router.awaitRoute(blocks.get(lab.nodes().get(1).name()).get(0));
    awaitKernelRoute(node1, ROUTER_PREFIX, false);

    lab.api().delete(peer("router", "10.0.0.50", 65050L));

    lab.nodes().forEach(node -> router.awaitNotEstablished(node.address(), CONVERGENCE));
    router.stop();
  }

  @Test
  @Order(4)
  void anAgentKilledWithSigkillAndRestartedLosesNoPingAndNoKernelRoute() {
    LabNode node1 = lab.nodes().get(0);
    LabNode node2 = lab.nodes().get(1);
    LabPod from = podOn(node1);
    LabPod to = podOn(node2);
    // Every change to the kernel routes of both nodes, and a ping every 10 ms across them, for the
    // whole restart: graceful restart (RFC 4724) keeps node 2's routes on node 1 while its agent is
    // gone, and node 2's own kernel routes while its agent starts again.
    HostProcess watch1 = node1.host().start("ip-monitor", "ip", "monitor", "route");
    HostProcess watch2 = node2.host().start("ip-monitor", "ip", "monitor", "route");
    HostProcess ping =
        from.host().start("ping", "ping", "-q", "-i", "0.01", "-W", "1", to.address());
    Wait.until(
        "the first ping replies from " + to.address(),
        Duration.ofSeconds(10),
        () -> from.host().exec("ping", "-c", "1", "-W", "1", to.address()).ok());

    lab.killAgent(node2);
    // A block claim the killed agent left half-way: its affinity, pending, and no block.
    BlockAffinity halfClaimed = pendingAffinity(node2, IpPrefix.parse(HALF_CLAIMED_BLOCK));
    lab.api().apply(halfClaimed);
    HostProcess restarted = lab.startAgent(node2);
    lab.awaitReady(node2);
    Wait.until(
        "node 2's agent to end its graceful restart (log " + restarted.logFile() + ")",
        Duration.ofSeconds(150),
        restarted::log,
        log -> log.contains("event=graceful-restart-done"));
    Wait.until(
        "node 1 to end its help with node 2's End-of-RIB",
        CONVERGENCE,
        () -> lab.agent(node1).log(),
        log -> log.contains("peer=" + node2.address() + " event=graceful-restart-end-of-rib"));
    lab.addPods(node2, 1);

    from.host().execOk("kill", "-INT", Long.toString(ping.pid()));
    Wait.until("ping to print its statistics", Duration.ofSeconds(10), () -> !ping.isAlive());
    watch1.stop();
    watch2.stop();
    String statistics = ping.log();
    System.out.println("graceful restart of node 2's agent: " + statistics.strip());
    restarted
        .log()
        .lines()
        .filter(l -> l.contains("event=graceful-restart-done"))
        .forEach(System.out::println);
    assertThat(statistics).as("ping's statistics").contains(" 0% packet loss");
    assertThat(deletedRoutes(watch1)).as("routes of ours deleted on node 1").isEmpty();
    assertThat(deletedRoutes(watch2)).as("routes of ours deleted on node 2").isEmpty();
    assertThat(restarted.log())
        .contains("event=stale-routes-kept")
        .contains("event=graceful-restart-recovering");
    assertEveryPodReachesEveryOther();
    Wait.until(
        "node2's agent dropped the half-made claim of " + HALF_CLAIMED_BLOCK,
        CONVERGENCE,
        () ->
            lab.api().list(BlockAffinity.class).stream()
                .map(a -> a.getMetadata().getName())
                .toList(),
        names -> !names.contains(halfClaimed.getMetadata().getName()));
  }

  private static BlockAffinity pendingAffinity(LabNode node, IpPrefix cidr) {
    BlockAffinity affinity = new BlockAffinity();
    affinity.getMetadata().setName(Names.affinity(node.name(), cidr));
    affinity.getMetadata().setLabels(Map.of(Names.NODE_LABEL, node.name()));
    affinity.setSpec(new BlockAffinitySpec(node.name(), cidr.toString(), AffinityState.pending));
    return affinity;
  }

  private static LabPod podOn(LabNode node) {
    return lab.pods().stream().filter(pod -> pod.node().equals(node)).findFirst().orElseThrow();
  }

  /** The routes of Tabby's protocol the {@code ip monitor route} process saw deleted. */
  private static List<String> deletedRoutes(HostProcess monitor) {
    return monitor
        .log()
        .lines()
        .filter(l -> l.startsWith("Deleted") && l.contains("proto 81"))
        .toList();
  }

  @Test
  @Order(5)
  void aNodeAddedLaterGetsABlockAndItsPodIsReachableFromAllOthers() {
    LabNode node4 = lab.addNode();
    lab.awaitReady(node4);
    lab.addPods(node4, 1);

    assertThat(new LabReport(lab, System.out).blocksByNode().get(node4.name())).isNotEmpty();
    assertEveryPodReachesEveryOther();
  }

  @Test
  @Order(6)
  void aRemovedNodeIsWithdrawnEverywhere() {
    LabNode node4 = lab.nodes().get(3);
    List<String> blocks = new LabReport(lab, System.out).blocksByNode().get(node4.name());

    lab.agent(node4).stop();
    LabNode node1 = lab.nodes().get(0);
    // The agent's log, not `tabbyctl bgp peers`: the session's last error is replaced by the
    // next connection attempt's a few seconds later, sooner than a loaded machine starts a JVM.
    Wait.until(
        "node1 told of node4's shutdown by a Cease",
        CONVERGENCE,
        () -> lab.agent(node1).log(),
        log ->
            log.contains(
                "peer="
                    + node4.address()
                    + " as="
                    + node4.as()
                    + " event=notification-received 6/2"));
    assertThat(node4.host().exec("ip", "route", "show", "proto", "81").stdout())
        .as("a stopped agent leaves its routes in the kernel")
        .contains("blackhole " + blocks.get(0));
    Node node4Object =
        lab.api().list(Node.class).stream()
            .filter(node -> node.getMetadata().getName().equals(node4.name()))
            .findFirst()
            .orElseThrow();
    lab.api().delete(node4Object);

    for (LabNode node : lab.nodes().subList(0, 3)) {
      Wait.until(
          node.name() + " has no route to " + blocks,
          CONVERGENCE,
          () -> node.host().exec("ip", "route", "show", "proto", "81").stdout(),
          routes -> blocks.stream().noneMatch(block -> routes.contains(block + " ")));
    }
  }

  @Test
  @Order(7)
  void theControllerFreesARemovedNodesAddressesAndBlockOnceItsPodsAreGone() {
    List<LabPod> node4Pods =
        lab.pods().stream().filter(pod -> pod.node().name().equals("node4")).toList();
    Set<String> node4Blocks = blocksHoldingAddressesOf("node4");
    assertThat(node4Pods).isNotEmpty();
    assertThat(node4Blocks).isNotEmpty();
    // As Kubernetes' pod garbage collector does for the pods of a deleted Node; no CNI DEL runs.
    for (Pod pod : lab.api().list(Pod.class)) {
      if ("node4".equals(pod.getSpec().getNodeName())) {
        lab.api().delete(pod);
      }
    }

    // The node's affinity, then its pods' addresses, then the empty block: a grace period each.
    Wait.until(
        "tabby-controller deleted node4's blocks "
            + node4Blocks
            + " (grace period "
            + ClusterLab.CONTROLLER_GRACE
            + "); controller log: "
            + lab.controller().logFile(),
        CONVERGENCE.multipliedBy(2),
        () -> lab.api().list(IPAMBlock.class).stream().map(b -> b.getSpec().getCidr()).toList(),
        blocks -> blocks.stream().noneMatch(node4Blocks::contains));
    assertThat(lab.controller().log())
        .contains("event=ipam-release-node node=node4")
        .contains("event=ipam-release address=" + node4Pods.get(0).address() + " ");
  }

  private static Set<String> blocksHoldingAddressesOf(String node) {
    return lab.api().list(IPAMBlock.class).stream()
        .filter(
            block ->
                block.getSpec().getAttributes().stream()
                    .anyMatch(a -> a.getOwner() != null && node.equals(a.getOwner().getNode())))
        .map(block -> block.getSpec().getCidr())
        .collect(Collectors.toSet());
  }

  @Test
  @Order(8)
  void aDisabledPoolGivesNoNewAddressesWhileExistingPodsKeepWorking() {
    IPPool pool = lab.api().list(IPPool.class).get(0);
    pool.getSpec().setDisabled(true);
    lab.api().apply(pool);
    LabNode node3 = lab.nodes().get(2);

    try {
      Wait.until(
          "a new pod on node3 refused while the pool is disabled",
          CONVERGENCE,
          () -> {
            try {
              lab.addPods(node3, 1);
              return "assigned";
            } catch (IllegalStateException e) {
              return e.getMessage();
            }
          },
          answer -> answer.contains("IPPool default-ipv4 (10.244.0.0/16) is disabled"));
      assertThat(LabReport.reaches(lab.pods().get(0), lab.pods().get(5))).isTrue();
    } finally {
      pool.getSpec().setDisabled(false);
      lab.api().apply(pool);
    }
  }

  @Test
  @Order(9)
  void learnedRoutesLeaveFromTheNodesBgpAddressAndTheAgentServesThem() {
    LabNode node1 = lab.nodes().get(0);
    LabNode node2 = lab.nodes().get(1);
    String node2Block = new LabReport(lab, System.out).blocksByNode().get(node2.name()).get(0);
    LabPod onNode2 =
        lab.pods().stream().filter(pod -> pod.node() == node2).findFirst().orElseThrow();

    String routes = node1.host().execOk("ip", "-4", "route", "show", "proto", "81").stdout();
    assertThat(routes)
        .contains(node2Block + " via " + node2.address() + " dev eth0 src " + node1.address());
    assertThat(node1.host().exec("ping", "-c", "1", "-W", "2", onNode2.address()).ok())
        .as("node1's own namespace reaches a pod on node2")
        .isTrue();

    String served =
        node1
            .host()
            .execOk(
                lab.root().resolve("bin/tabbyctl").toString(),
                "bgp",
                "routes",
                "--endpoint",
                node1.httpUrl())
            .stdout();
    assertThat(served).contains(node2Block).contains(node2.address());
  }

  @Test
  @Order(10)
  void anAddressBorrowedFromAnotherNodesBlockIsAHostRouteUntilReleased() {
    IPPool main =
        lab.api().list(IPPool.class).stream()
            .filter(pool -> pool.getMetadata().getName().equals("default-ipv4"))
            .findFirst()
            .orElseThrow();
    IPPool tiny = new IPPool();
    tiny.getMetadata().setName("one-block");
    IPPoolSpec spec = new IPPoolSpec();
    spec.setCidr("10.245.0.0/30");
    spec.setBlockSize(30);
    tiny.setSpec(spec);
    lab.api().apply(tiny);
    main.getSpec().setDisabled(true);
    lab.api().apply(main);
    LabNode node1 = lab.nodes().get(0);
    LabNode node2 = lab.nodes().get(1);
    LabNode node3 = lab.nodes().get(2);
    try {
      // node1 takes the pool's only block; node2 can claim none and borrows from it.
      LabPod owner = addPodOnceThePoolsChangeIsSeen(node1, "10.245.0.");
      LabPod borrower = addPodOnceThePoolsChangeIsSeen(node2, "10.245.0.");
      String host = borrower.address() + " via " + node2.address();

      awaitKernelRoute(node3, host, true);
      awaitKernelRoute(node1, host, true);
      assertThat(LabReport.reaches(lab.pods().get(0), borrower)).isTrue();
      assertThat(LabReport.reaches(owner, borrower))
          .as("the host route beats the blackhole")
          .isTrue();

      lab.removePod(borrower);

      awaitKernelRoute(node3, host, false);
    } finally {
      main.getSpec().setDisabled(false);
      lab.api().apply(main);
    }
  }

  @Test
  @Order(11)
  void tabbyctlShowsThePoolsAsTheControllerJudgedThemThePeersAndTheNodes() {
    LabNode node1 = lab.nodes().get(0);
    lab.api().apply(IPPool.of("on-services", "10.96.0.0/16", null));
    Wait.until(
        "a Warning Event on IPPool on-services; controller log: " + lab.controller().logFile(),
        CONVERGENCE,
        () ->
            lab.api().list(Event.class).stream()
                .filter(e -> "on-services".equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList(),
        reasons -> reasons.contains("OverlapsServiceRange"));

    String pools = lab.tabbyctl(node1, "get", "ippools").stdout();
    String peers = lab.tabbyctl(node1, "get", "bgppeers", "-o", "json").stdout();
    String nodes = lab.tabbyctl(node1, "get", "nodes").stdout();

    assertThat(pools).containsPattern("on-services +10\\.96\\.0\\.0/16 .* False");
    assertThat(pools)
        .containsPattern(
            "default-ipv4 +" + ClusterLab.POOL_CIDR.replace(".", "\\.") + " +26 .* True");
    assertThat(peers.strip()).isEqualTo("[ ]");
    assertThat(nodes).containsPattern("node1 +" + ClusterLab.MESH_AS + " +" + node1.address());
  }

  @Test
  @Order(12)
  void tabbyctlShowsChecksAndReleasesAddressesAndAppliesAndDeletesAPool() {
    LabNode node1 = lab.nodes().get(0);
    LabPod pod = lab.addPods(node1, 1).get(0);

    ExecResult show = lab.tabbyctl(node1, "ipam", "show", "--ip", pod.address());
    assertThat(show.stdout()).contains(pod.name());
    ExecResult check = lab.tabbyctl(node1, "ipam", "check");
    assertThat(check.stdout()).as(check.stderr()).startsWith("IPAM is ");
    ExecResult release = lab.tabbyctl(node1, "ipam", "release", "--ip", pod.address(), "--force");
    assertThat(release.stdout()).as(release.stderr()).startsWith("released " + pod.address());
    lab.removePod(pod);

    Path file =
        node1
            .host()
            .writeFile(
                "extra-pool.yaml",
                """
                apiVersion: tabby.dev/v1
                kind: IPPool
                metadata: {name: extra}
                spec: {cidr: 10.250.0.0/16}
                """);
    ExecResult create = lab.tabbyctl(node1, "apply", "-f", file.toString());
    assertThat(create.exitCode()).as(create.stderr()).isZero();
    assertThat(lab.api().list(IPPool.class))
        .anyMatch(p -> p.getMetadata().getName().equals("extra"));
    ExecResult delete = lab.tabbyctl(node1, "delete", "ippool", "extra");
    assertThat(delete.exitCode()).as(delete.stderr()).isZero();
  }

  /**
   * The requests of every test before this one, per component (its token), held against the
   * bundle's roles: each request must be granted to the component that made it, and each grant must
   * have been used. Runs last, on everything the lab recorded.
   */
  @Test
  @Order(99)
  void theBundlesRolesGrantExactlyTheRequestsTheComponentsMade() {
    RbacAudit audit = RbacAudit.of(lab.requestLog().orElseThrow());
    System.out.println("API requests per component: " + audit.made());

    assertThat(audit.problems(new BundleRbac(Bundle.load()))).isEmpty();
  }

  /** Adds a pod on the node, trying again until its agent's IPAM has seen the pools change. */
  private static LabPod addPodOnceThePoolsChangeIsSeen(LabNode node, String addressPrefix) {
    return Wait.until(
        "a pod on " + node.name() + " with an address in " + addressPrefix + "*",
        CONVERGENCE,
        () -> {
          LabPod pod = lab.addPods(node, 1).get(0);
          if (!pod.address().startsWith(addressPrefix)) {
            lab.removePod(pod);
            return null;
          }
          return pod;
        },
        pod -> pod != null);
  }

  private static void awaitKernelRoute(LabNode node, String route, boolean present) {
    Wait.until(
        node.name() + (present ? " has" : " has no") + " kernel route " + route,
        CONVERGENCE,
        () -> node.host().exec("ip", "-4", "route", "show", "proto", "81").stdout(),
        routes -> routes.contains(route + " ") == present);
  }

  private static BGPFilter filter(String name, String noExport, String noImport) {
    BGPFilter filter = new BGPFilter();
    filter.getMetadata().setName(name);
    BGPFilterSpec spec = new BGPFilterSpec();
    spec.setExportV4(List.of(rule(noExport, MatchOperator.Equal)));
    spec.setImportV4(List.of(rule(noImport, MatchOperator.In)));
    filter.setSpec(spec);
    return filter;
  }

  private static BGPFilterRule rule(String cidr, MatchOperator operator) {
    BGPFilterRule rule = new BGPFilterRule();
    rule.setCidr(cidr);
    rule.setMatchOperator(operator);
    rule.setAction(FilterAction.Reject);
    return rule;
  }

  private static void assertEveryPodReachesEveryOther() {
    List<LabPod> pods = lab.pods().stream().filter(pod -> lab.agent(pod.node()).isAlive()).toList();
    for (LabPod from : pods) {
      for (LabPod to : pods) {
        if (from != to) {
          assertThat(LabReport.reaches(from, to))
              .as("%s reaches %s (%s)", from.name(), to.name(), to.address())
              .isTrue();
        }
      }
    }
  }

  /** A BGPPeer of the router: its sessions use the password of the Secret router-bgp. */
  private static BGPPeer peer(String name, String ip, Long as) {
    BGPPeer peer = BGPPeer.of(name, ip, as);
    if (name.equals("router")) {
      SecretKeyReference key = new SecretKeyReference();
      key.setName("router-bgp");
      key.setKey("password");
      BGPPassword password = new BGPPassword();
      password.setSecretKeyRef(key);
      peer.getSpec().setPassword(password);
    }
    return peer;
  }
}
