package dev.tabby.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.AssignRequest;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.IpamChecker;
import dev.tabby.ipam.KubernetesClusterView;
import dev.tabby.ipam.pool.PoolProblem;
import dev.tabby.ipam.pool.ServedPool;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.kube.CrudApiServer;
import dev.tabby.testbench.kube.KubeObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against fabric8's mock API server in CRUD mode, with short timings except the
 * Lease's: a replica keeps leading through a renewal delayed by a loaded machine, and one that
 * stops gives the Lease up, so the other takes over after a retry period, not the lease duration.
 */
class ControllerTest {
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);

  private KubernetesClient client;
  private KubernetesMockServer server;
  Datastore datastore;
  IpamAllocator ipam;
  private final List<Controller> controllers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    server = CrudApiServer.create();
    server.init();
    client = server.createClient();
    datastore = Datastore.kubernetes(client);
    ipam =
        new IpamAllocator(
            datastore,
            new KubernetesClusterView(client),
            new ConflictRetry(25, Duration.ofMillis(1), Duration.ofMillis(20)));
  }

  @AfterEach
  void stopControllers() {
    controllers.forEach(Controller::close);
    client.close();
    server.destroy();
  }

  private static ControllerConfig config(String identity) {
    return config(identity, List.of());
  }

  private static ControllerConfig config(String identity, List<IPPool> defaultPools) {
    return new ControllerConfig(
        List.of(IpPrefix.parse("10.96.0.0/12")),
        List.of(IpPrefix.parse("172.30.0.0/24")),
        defaultPools,
        new ControllerConfig.LeaseConfig(
            "kube-system",
            "tabby-controller",
            identity,
            LEASE,
            RENEW_DEADLINE,
            Duration.ofMillis(200)),
        GRACE,
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /** A replica with its own connection to the API server, as a second pod would have. */
  private Controller startController(String identity) throws Exception {
    Controller controller = Controller.start(config(identity), server.createClient());
    controllers.add(controller);
    return controller;
  }

  private Controller startLeader() throws Exception {
    Controller controller = startController("replica-a");
    Wait.until("replica-a leads", DEADLINE, controller::isLeader, leads -> leads);
    return controller;
  }

  private void pool(String name, String cidr) {
    client.resources(IPPool.class).resource(IPPool.of(name, cidr, null)).create();
  }

  private void node(String name, String internalIp) {
    client.nodes().resource(KubeObjects.node(name, internalIp)).create();
  }

  private void pod(String name) {
    client
        .pods()
        .inNamespace("default")
        .resource(KubeObjects.pod("default", name).build())
        .create();
  }

  private IpAddress assign(String pod, String node) {
    return ipam.assign(AssignRequest.ipv4("net." + pod, node, "default", pod)).get(0).address();
  }

  private Condition validCondition(String pool) {
    return Wait.until(
            "IPPool " + pool + " has a Valid condition",
            DEADLINE,
            () -> datastore.pools().get(pool).flatMap(ServedPool::validCondition),
            Optional::isPresent)
        .get();
  }

  private List<Event> eventsOn(String pool) {
    return client.v1().events().inNamespace(PoolEvents.NAMESPACE).list().getItems().stream()
        .filter(e -> pool.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private void assertCheckIsClean() {
    var report = new IpamChecker(datastore, new KubernetesClusterView(client)).check();
    assertThat(report.isClean()).as(report.toString()).isTrue();
  }

  @Test
  void theLeaderCreatesTheConfiguredDefaultPoolWhenThereIsNoneAndJudgesItValid() throws Exception {
    Controller controller =
        Controller.start(
            config("replica-a", List.of(IPPool.of("default-ipv4", "10.244.0.0/16", 26))),
            server.createClient());
    controllers.add(controller);

    assertThat(validCondition("default-ipv4").getStatus()).isEqualTo("True");
    assertThat(datastore.pools().list())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getSpec().getCidr()).isEqualTo("10.244.0.0/16");
              assertThat(p.getSpec().getBlockSize()).isEqualTo(26);
            });
  }

  @Test
  void overlappingPoolsAreMarkedInvalidWithAnEventAndGiveNoAddress() throws Exception {
    node("n1", "192.168.1.10");
    pool("main", "10.244.0.0/16");
    pool("overlap", "10.244.128.0/17");
    pool("on-nodes", "192.168.0.0/16");
    pool("on-services", "10.96.0.0/16");
    pool("on-node-network", "172.30.0.0/16");
    startLeader();

    assertThat(validCondition("main").getStatus()).isEqualTo("True");
    assertThat(datastore.pools().get("main").get().getStatus().getCidr())
        .isEqualTo("10.244.0.0/16");
    Condition overlap = validCondition("overlap");
    assertThat(overlap.getStatus()).isEqualTo("False");
    assertThat(overlap.getReason()).isEqualTo(PoolProblem.OVERLAPS_POOL);
    assertThat(overlap.getMessage())
        .isEqualTo("cidr 10.244.128.0/17 overlaps IPPool main (10.244.0.0/16)");
    assertThat(validCondition("on-nodes").getMessage())
        .isEqualTo("cidr 192.168.0.0/16 overlaps the InternalIP 192.168.1.10 of node n1");
    assertThat(validCondition("on-services").getMessage())
        .isEqualTo("cidr 10.96.0.0/16 overlaps the service CIDR 10.96.0.0/12");
    assertThat(validCondition("on-node-network").getMessage())
        .isEqualTo("cidr 172.30.0.0/16 overlaps the node network 172.30.0.0/24");

    List<Event> events =
        Wait.until(
            "an Event on IPPool overlap", DEADLINE, () -> eventsOn("overlap"), e -> !e.isEmpty());
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo(PoolProblem.OVERLAPS_POOL);
              assertThat(e.getMessage()).contains("overlaps IPPool main (10.244.0.0/16)");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("IPPool");
            });
    assertThat(eventsOn("main")).isEmpty();

    // Only the valid pool serves; with it disabled, no address comes from the invalid ones.
    for (int i = 0; i < 3; i++) {
      pod("p" + i);
      assertThat(IpPrefix.parse("10.244.0.0/16").contains(assign("p" + i, "n1"))).isTrue();
    }
    IPPool main = datastore.pools().get("main").get();
    main.getSpec().setDisabled(true);
    datastore.pools().update(main);
    assertThatThrownBy(() -> assign("late", "n1"))
        .hasMessageContaining("IPPool on-nodes")
        .hasMessageContaining("tabby-controller marked it invalid");
    assertThat(datastore.blocks().list())
        .allSatisfy(b -> assertThat(b.getSpec().getCidr()).startsWith("10.244."));
  }

  @Test
  void aPoolBecomesValidOnceTheNodeItOverlappedIsGone() throws Exception {
    node("n1", "192.168.1.10");
    pool("p", "192.168.0.0/16");
    startLeader();
    assertThat(validCondition("p").getStatus()).isEqualTo("False");
    client.nodes().withName("n1").delete();
    Wait.until(
        "IPPool p valid",
        DEADLINE,
        () -> validCondition("p").getStatus(),
        status -> status.equals("True"));
    Wait.until(
        "a Normal Event on IPPool p",
        DEADLINE,
        () -> eventsOn("p").stream().map(Event::getType).toList(),
        types -> types.contains("Normal"));
  }

  @Test
  void aChangeOfCidrWhileBlocksAreInUseIsRefusedAndTheOldCidrServes() throws Exception {
    node("n1", "192.168.1.10");
    pool("main", "10.244.0.0/16");
    startLeader();
    assertThat(validCondition("main").getStatus()).isEqualTo("True");
    pod("p1");
    assign("p1", "n1");
    IPPool main = datastore.pools().get("main").get();
    main.getSpec().setCidr("10.245.0.0/16");
    datastore.pools().update(main);
    Condition refused =
        Wait.until(
            "the change of cidr refused",
            DEADLINE,
            () -> validCondition("main"),
            c -> c.getStatus().equals("False"));
    assertThat(refused.getReason()).isEqualTo(PoolProblem.CIDR_CHANGE_REFUSED);
    assertThat(refused.getMessage())
        .startsWith("cidr changed from 10.244.0.0/16 to 10.245.0.0/16 while 1 blocks");
    pod("p2");
    assertThat(IpPrefix.parse("10.244.0.0/16").contains(assign("p2", "n1"))).isTrue();
  }

  @Test
  void anAddressWhosePodWasDeletedWithoutCniDelIsReleasedAfterTheGracePeriod() throws Exception {
    node("n1", "192.168.1.10");
    pool("main", "10.244.0.0/16");
    pod("kept");
    pod("gone");
    IpAddress kept = assign("kept", "n1");
    assign("gone", "n1");
    client.pods().inNamespace("default").withName("gone").delete();
    startLeader();
    Wait.until(
        "the handle of the deleted pod released",
        DEADLINE,
        () -> datastore.handles().get("net.gone"),
        Optional::isEmpty);
    assertThat(datastore.handles().get("net.kept")).isPresent();
    assertCheckIsClean();
    assertThat(ipam.releaseByHandle("net.kept")).containsExactly(kept);
    Wait.until(
        "the empty block given back to the pool",
        DEADLINE,
        () -> datastore.blocks().list(),
        List::isEmpty);
    assertThat(datastore.affinities().list()).isEmpty();
    assertCheckIsClean();
  }

  @Test
  void aDeletedNodesBlocksAreFreed() throws Exception {
    node("n1", "192.168.1.10");
    node("n2", "192.168.1.11");
    pool("main", "10.244.0.0/16");
    pod("on-n1");
    pod("on-n2");
    assign("on-n1", "n1");
    assign("on-n2", "n2");
    client.nodes().withName("n2").delete();
    startLeader();
    Wait.until(
        "n2's affinities and blocks gone",
        DEADLINE,
        () ->
            datastore.affinities().list().stream().map(a -> a.getSpec().getNode()).toList()
                + " "
                + datastore.blocks().list().stream().map(b -> b.getSpec().getAffinity()).toList(),
        seen -> seen.equals("[n1] [host:n1]"));
    assertThat(datastore.handles().get("net.on-n2")).isEmpty();
    assertThat(datastore.handles().get("net.on-n1")).isPresent();
    assertCheckIsClean();
  }

  @Test
  void ofTwoReplicasOnlyTheLeaderActsAndTheOtherTakesOverWhenItStops() throws Exception {
    Controller a = startController("replica-a");
    Controller b = startController("replica-b");
    Wait.until(
        "one replica leads",
        DEADLINE,
        () -> List.of(a.isLeader(), b.isLeader()),
        leaders -> leaders.contains(true));
    Controller leader = a.isLeader() ? a : b;
    Controller follower = leader == a ? b : a;
    pool("main", "10.244.0.0/16");
    pool("overlap", "10.244.0.0/24");
    assertThat(validCondition("overlap").getStatus()).isEqualTo("False");
    assertThat(follower.isLeader()).isFalse();
    assertThat(follower.validationPasses()).as("passes of the replica that does not lead").isZero();
    // A pass is counted once it is over, just after it wrote the status.
    Wait.until("a pass of the leader counted", DEADLINE, leader::validationPasses, n -> n > 0);

    leader.close();
    Wait.until("the other replica leads", DEADLINE, follower::isLeader, leads -> leads);
    pool("late", "10.244.0.0/20");
    assertThat(validCondition("late").getReason()).isEqualTo(PoolProblem.OVERLAPS_POOL);
    Wait.until(
        "a pass of the new leader counted", DEADLINE, follower::validationPasses, n -> n > 0);
  }
}
