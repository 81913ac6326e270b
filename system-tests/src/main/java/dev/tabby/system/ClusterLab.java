package dev.tabby.system;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPConfigurationSpec;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.BGPPeerSpec;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.testbench.Bridge;
import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.Neighbor;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A Tabby cluster in network namespaces: N nodes on a routed fabric, each running a real {@code
 * tabby-node} process, a {@code tabby-controller} process (which makes the default IPPool, as on a
 * fresh install), the API stand-in (or a real API server), the cluster's resources, and pods wired
 * through the {@code tabby} CNI plugin. Used by the lab ({@link LabMain}) and the system tests.
 *
 * <p>With the stand-in, each component authenticates with a token of its own ({@link RequestLog}),
 * so the stand-in's request log tells which component made each request.
 */
public final class ClusterLab implements AutoCloseable {

  public static final int AGENT_HTTP_PORT = 9099;
  static final int CONTROLLER_HTTP_PORT = 9098;

  /** The namespace the bundle installs Tabby in: the controller's Lease, the agents' Secrets. */
  static final String NAMESPACE = "tabby-system";

  static final String POOL_CIDR = "10.244.0.0/16";
  static final long MESH_AS = 64512;
  static final long TOR_AS = 65000;

  /** The rr topology's reflectors: two, for redundancy, in one cluster. */
  static final int REFLECTORS = 2;

  /** The cluster ID both reflectors share. */
  public static final String CLUSTER_ID = "244.0.0.1";

  /** The label that makes a Node a reflector for the BGPPeer that peers every node with them. */
  static final String REFLECTOR_LABEL = "route-reflector";

  private static final int API_PORT = 6443;

  /** Generous: on a loaded 2-core machine a JVM's start-up alone can take a minute. */
  private static final Duration AGENT_READY = Duration.ofSeconds(240);

  /** A tabbyctl run is a JVM's start: slow on a loaded machine. */
  private static final Duration TABBYCTL_RUN = Duration.ofSeconds(120);

  /** How long an unused address, block or deleted node's block waits before the controller acts. */
  static final Duration CONTROLLER_GRACE = Duration.ofSeconds(10);

  /**
   * The lab's JVMs compile with C1 only and keep small heaps: start-up dominates their work here,
   * and many of them share the machine.
   */
  private static final String LAB_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx192m";

  /**
   * @param nodes how many nodes to start with
   * @param topology mesh or tor
   * @param kubeconfig a real cluster's kubeconfig; empty to run the stand-in
   * @param root the Tabby checkout whose bin/ and built modules run
   */
  public record Options(int nodes, Topology topology, Optional<Path> kubeconfig, Path root) {}

  private final Options options;
  private final PrintStream progress;
  private final Lab lab;
  private final Map<String, LabNode> nodes = new LinkedHashMap<>();
  private final Map<String, HostProcess> agents = new LinkedHashMap<>();
  private final Map<String, LabReflector> reflectors = new LinkedHashMap<>();
  private final Map<String, HostProcess> reflectorProcesses = new LinkedHashMap<>();
  private final Map<String, Path> kubeconfigs = new LinkedHashMap<>();
  private final List<LabPod> pods = new ArrayList<>();
  private final Map<String, Integer> podNumbers = new LinkedHashMap<>();
  private Host fabric;
  private Bridge segment;
  private Host api;
  private Bird tor;
  private ClusterApi cluster;
  private ApiRelay relay;
  private Path requestLog;
  private HostProcess apiStandIn;
  private HostProcess controller;

  private ClusterLab(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
    this.lab = Lab.create();
  }

  /** Builds the whole cluster: fabric, API, resources, agents, and two pods per node. */
  public static ClusterLab up(Options options, PrintStream progress) {
    ClusterLab cluster = new ClusterLab(options, progress);
    try {
      cluster.build();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void build() {
    step("fabric (" + options.topology() + ", " + options.nodes() + " nodes)");
    buildFabric();
    step("Kubernetes API");
    startApi();
    step(
        "resources: BGPConfiguration"
            + (options.topology() == Topology.tor ? ", ToR BGPPeers" : "")
            + (options.topology() == Topology.rr ? ", the BGPPeer to the reflectors" : ""));
    applyClusterResources();
    step("tabby-controller");
    startController();
    if (options.topology() == Topology.rr) {
      cluster.apply(reflectorPeering());
      for (int i = 1; i <= REFLECTORS; i++) {
        addReflector();
      }
    }
    for (int i = 1; i <= options.nodes(); i++) {
      addNode();
    }
    if (options.topology() == Topology.tor) {
      step("top-of-rack router (BIRD, installing what it learns in its kernel)");
      tor = Bird.start(fabric, torConfig());
    }
    for (LabReflector reflector : List.copyOf(reflectors.values())) {
      awaitReady(reflector);
    }
    for (LabNode node : List.copyOf(nodes.values())) {
      awaitReady(node);
    }
    awaitDefaultPool();
    for (LabNode node : List.copyOf(nodes.values())) {
      addPods(node, 2);
    }
  }

  /**
   * Adds a node: its namespace on the fabric, its Node object, its agent. In the tor topology the
   * node gets a rack of its own, and a running router a neighbour for it (its other sessions stay).
   */
  public LabNode addNode() {
    int number = nodes.size() + 1;
    String name = "node" + number;
    step("node " + name);
    Host host = lab.host(name);
    host.enableForwarding();
    LabNode node;
    if (options.topology().sharedSegment()) {
      segment.attach(host, "eth0");
      node = new LabNode(name, host, "10.0.0." + (10 + number), number, MESH_AS);
      host.addAddress("eth0", node.address() + "/24").addRoute("default", "10.0.0.1");
    } else {
      lab.link(fabric, "r" + number, host, "eth0");
      fabric.addAddress("r" + number, "10.0." + number + ".1/24");
      node = new LabNode(name, host, "10.0." + number + ".10", number, TOR_AS + number);
      host.addAddress("eth0", node.address() + "/24").addRoute("default", "10.0." + number + ".1");
      cluster.apply(torPeer(node));
    }
    cluster.apply(nodeObject(node));
    nodes.put(name, node);
    if (tor != null) {
      tor.reconfigure(torConfig());
    }
    NodeCni.installReferencePlugins(node);
    startAgent(node);
    return node;
  }

  private void buildFabric() {
    if (options.topology().sharedSegment()) {
      // The segment's gateway is the bridge's own address: nodes need a default route, as on any
      // LAN, and the pods' proxy-ARP gateway (169.254.1.1) is only answered for with a route.
      fabric = lab.host("fabric");
      segment = lab.bridge(fabric, "br0");
      fabric.addAddress("br0", "10.0.0.1/24");
      api = lab.host("api");
      segment.attach(api, "eth0");
      api.addAddress("eth0", "10.0.0.2/24");
    } else {
      // The router's BIRD starts once the racks are cabled (see build()).
      fabric = lab.host("tor");
      fabric.enableForwarding();
      api = lab.host("api");
      lab.link(fabric, "api", api, "eth0");
      fabric.addAddress("api", "10.0.250.1/24");
      api.addAddress("eth0", "10.0.250.2/24").addRoute("default", "10.0.250.1");
    }
  }

  private String apiAddress() {
    return options.topology().sharedSegment() ? "10.0.0.2" : "10.0.250.2";
  }

  private void startApi() {
    if (options.kubeconfig().isPresent()) {
      // The lab reaches the cluster from this namespace; the nodes, which have no route out,
      // through a relay on the API address of the lab's fabric.
      String given = readFile(options.kubeconfig().get());
      cluster =
          new DirectApi(
              new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(given)).build());
      Kubeconfig.Relayed relayed = Kubeconfig.throughRelay(given, apiAddress(), API_PORT);
      Path kubeconfig = api.writeFile("kubeconfig", relayed.text());
      RequestLog.TOKENS.forEach(component -> kubeconfigs.put(component, kubeconfig));
      relay = ApiRelay.start(api, new InetSocketAddress(apiAddress(), API_PORT), relayed.target());
      return;
    }
    Path kubeconfig = api.dir().resolve("kubeconfig");
    Path control = api.dir().resolve("control.sock");
    requestLog = api.dir().resolve("api-requests.log");
    String url = "http://" + apiAddress() + ":" + API_PORT;
    for (String component : RequestLog.TOKENS) {
      kubeconfigs.put(
          component,
          api.writeFile("kubeconfig-" + component, Kubeconfig.forComponent(url, component)));
    }
    apiStandIn =
        api.start(
            "api-stand-in",
            "env",
            "JAVA_OPTS=" + LAB_JAVA_OPTS,
            options.root().resolve("bin/run-module").toString(),
            "system-tests",
            ApiStandIn.class.getName(),
            apiAddress(),
            Integer.toString(API_PORT),
            kubeconfig.toString(),
            control.toString(),
            requestLog.toString());
    cluster = new StandInClient(control);
    Wait.until(
        "the API stand-in to answer on " + control,
        AGENT_READY,
        () -> {
          try {
            return cluster.list(Node.class).size() >= 0;
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  /**
   * The controller, in the API's namespace as on a control-plane node, configured as the bundle's
   * ConfigMap configures it. Its IPAM grace period is short so that what it releases is released
   * while the lab runs.
   */
  private void startController() {
    controller =
        api.start(
            "tabby-controller",
            "env",
            "JAVA_OPTS=" + LAB_JAVA_OPTS,
            "KUBECONFIG=" + kubeconfigs.get("tabby-controller"),
            "POD_NAME=tabby-controller-lab",
            "TABBY_LEASE_NAMESPACE=" + NAMESPACE,
            "SERVICE_CLUSTER_IP_RANGE=10.96.0.0/12",
            "TABBY_DEFAULT_IPV4_POOL_CIDR=" + POOL_CIDR,
            "TABBY_DEFAULT_IPV4_POOL_BLOCK_SIZE=" + IPPoolSpec.DEFAULT_IPV4_BLOCK_SIZE,
            "TABBY_IPAM_GRACE_PERIOD=" + CONTROLLER_GRACE.toSeconds() + "s",
            "TABBY_IPAM_GC_INTERVAL=2s",
            "TABBY_POOL_RESYNC_INTERVAL=30s",
            "TABBY_HTTP_ADDRESS=" + apiAddress() + ":" + CONTROLLER_HTTP_PORT,
            options.root().resolve("bin/tabby-controller").toString());
  }

  /** Waits until the controller has made the default pool (or a real cluster already has one). */
  private void awaitDefaultPool() {
    step("waiting for the default IPPool, made by tabby-controller");
    Wait.until(
        "an IPPool (tabby-controller makes default-ipv4 "
            + POOL_CIDR
            + "); controller log: "
            + controller.logFile(),
        AGENT_READY,
        () -> {
          controller.assertAlive();
          return cluster.list(IPPool.class);
        },
        pools -> !pools.isEmpty());
  }

  private void applyClusterResources() {
    BGPConfiguration configuration = new BGPConfiguration();
    configuration.getMetadata().setName("default");
    BGPConfigurationSpec spec = new BGPConfigurationSpec();
    spec.setAsNumber(MESH_AS);
    spec.setNodeToNodeMeshEnabled(options.topology() == Topology.mesh);
    configuration.setSpec(spec);
    cluster.apply(configuration);
  }

  /**
   * The ToR's BIRD: one eBGP neighbour per rack's node. It learns every node's blocks and installs
   * them in its kernel (BIRD's kernel protocol), so cross-rack pod traffic is routed by it.
   */
  private BgpDaemonConfig torConfig() {
    BgpDaemonConfig.Builder config = BgpDaemonConfig.builder("10.0.250.1", TOR_AS);
    for (LabNode node : nodes.values()) {
      config.neighbor(Neighbor.of(node.address(), node.as()));
    }
    return config.build();
  }

  private static BGPPeer torPeer(LabNode node) {
    BGPPeer peer = BGPPeer.of("tor-rack" + node.rack(), "10.0." + node.rack() + ".1", TOR_AS);
    peer.getSpec().setNodeSelector("rack == 'rack" + node.rack() + "'");
    return peer;
  }

  /**
   * The node's Node object. Its Ready condition is set here, as a kubelet sets it: the lab runs no
   * kubelet, and {@code tabbyctl diagnose} checks it.
   */
  private static Node nodeObject(LabNode node) {
    return nodeObject(node.name(), node.address(), Map.of("rack", "rack" + node.rack()));
  }

  private static Node nodeObject(String name, String address, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels(labels)
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(address)
        .endAddress()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .withMessage("set by the lab, which runs no kubelet")
        .endCondition()
        .endStatus()
        .build();
  }

  /** Starts the node's agent as its own process inside the node's namespace. */
  public HostProcess startAgent(LabNode node) {
    HostProcess agent =
        node.host()
            .start(
                "tabby-node",
                "env",
                "JAVA_OPTS=" + LAB_JAVA_OPTS,
                "NODE_NAME=" + node.name(),
                "TABBY_NAMESPACE=" + NAMESPACE,
                "KUBECONFIG=" + kubeconfigs.get("tabby-node"),
                "AS=" + node.as(),
                "IP_AUTODETECTION_METHOD=interface=eth0",
                "TABBY_HTTP_ADDRESS=" + node.address() + ":" + AGENT_HTTP_PORT,
                "TABBY_CNI_SOCKET=" + node.cniSocket(),
                "TABBY_CNI_STATE_DIR=" + node.host().dir().resolve("cni-state"),
                "CNI_BIN_DIR=" + node.cniBinDir(),
                "CNI_CONF_DIR=" + node.cniConfDir(),
                options.root().resolve("bin/tabby-node").toString());
    agents.put(node.name(), agent);
    return agent;
  }

  /**
   * Stops the API stand-in (SIGTERM), as when the cluster's API server goes away: the agents keep
   * running without it. Only a lab with its own stand-in has one to stop.
   */
  public void stopApi() {
    if (apiStandIn == null) {
      throw new IllegalStateException("this lab uses a real cluster's API, which it cannot stop");
    }
    apiStandIn.stop();
  }

  /** Kills the node's agent with SIGKILL: no Cease, nothing cleaned up, as a crash. */
  public void killAgent(LabNode node) {
    HostProcess agent = agents.get(node.name());
    node.host().exec("kill", "-KILL", Long.toString(agent.pid()));
    Wait.until(node.name() + "'s agent gone", Duration.ofSeconds(10), () -> !agent.isAlive());
  }

  /**
   * Adds a route reflector (rr topology): a namespace on the segment, its Node (labelled {@value
   * #REFLECTOR_LABEL}), and {@code tabby-rr} with the lab's cluster ID, which writes its address
   * and the cluster ID to the Node.
   */
  public LabReflector addReflector() {
    int number = reflectors.size() + 1;
    String name = "rr" + number;
    step("route reflector " + name + " (tabby-rr, cluster ID " + CLUSTER_ID + ")");
    Host host = lab.host(name);
    segment.attach(host, "eth0");
    LabReflector reflector = new LabReflector(name, host, "10.0.0." + (250 + number));
    host.addAddress("eth0", reflector.address() + "/24");
    cluster.apply(nodeObject(name, reflector.address(), Map.of(REFLECTOR_LABEL, "true")));
    reflectors.put(name, reflector);
    startReflector(reflector);
    return reflector;
  }

  /** Every node peers with every reflector (and the reflectors with each other), as in Calico. */
  static BGPPeer reflectorPeering() {
    BGPPeer peer = new BGPPeer();
    peer.getMetadata().setName("peer-with-route-reflectors");
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setNodeSelector("all()");
    spec.setPeerSelector(REFLECTOR_LABEL + " == 'true'");
    peer.setSpec(spec);
    return peer;
  }

  /** Starts the reflector's {@code tabby-rr} as its own process inside its namespace. */
  public HostProcess startReflector(LabReflector reflector) {
    HostProcess process =
        reflector
            .host()
            .start(
                "tabby-rr",
                "env",
                "JAVA_OPTS=" + LAB_JAVA_OPTS,
                // The agents' credentials: LabIT, which audits them, runs no reflector.
                "KUBECONFIG=" + kubeconfigs.get("tabby-node"),
                options.root().resolve("bin/tabby-rr").toString(),
                "--node-name=" + reflector.name(),
                "--cluster-id=" + CLUSTER_ID,
                "--address=" + reflector.address() + "/24",
                "--http-address=" + reflector.address() + ":" + LabReflector.HTTP_PORT,
                "--state-address=" + reflector.address() + ":" + LabReflector.STATE_PORT);
    reflectorProcesses.put(reflector.name(), process);
    return process;
  }

  /** Kills the reflector with SIGKILL: no Cease, as a crash. */
  public void killReflector(LabReflector reflector) {
    HostProcess process = reflectorProcesses.get(reflector.name());
    reflector.host().exec("kill", "-KILL", Long.toString(process.pid()));
    Wait.until(reflector.name() + " gone", Duration.ofSeconds(10), () -> !process.isAlive());
  }

  /**
   * Adds FRR on the shared segment as an iBGP non-client of every reflector (rr topology): it peers
   * with each, and the BGPPeer {@code <name>-non-client} peers the reflectors with it.
   *
   * @param options what else the FRR is (its prefixes, graceful restart) besides its neighbours
   */
  public Frr addNonClient(
      String name, String address, UnaryOperator<BgpDaemonConfig.Builder> options) {
    Frr frr = startReflectorPeer(name, address, options, Frr::start);
    BGPPeer peer = BGPPeer.of(name + "-non-client", address, MESH_AS);
    peer.getSpec().setNodeSelector(REFLECTOR_LABEL + " == 'true'");
    cluster.apply(peer);
    return frr;
  }

  /**
   * Adds a router on the shared segment as an iBGP route-reflector client of every reflector (rr
   * topology): a Node of its own that carries its BGP address, as a node's agent would annotate it,
   * and runs no agent. The reflectors plan it as they plan a node (see {@link #reflectorPeering}):
   * a client, offered ADD-PATH send.
   *
   * @param options what else the router is (its prefixes, ADD-PATH) besides its neighbours
   * @param daemon starts the router, e.g. {@code Bird::start}
   */
  public <D extends BgpDaemon> D addClient(
      String name,
      String address,
      UnaryOperator<BgpDaemonConfig.Builder> options,
      BiFunction<Host, BgpDaemonConfig, D> daemon) {
    Node node = nodeObject(name, address, Map.of());
    node.getMetadata().setAnnotations(Map.of(NodeBgpAnnotations.IPV4_ADDRESS, address + "/24"));
    cluster.apply(node);
    return startReflectorPeer(name, address, options, daemon);
  }

  /** Starts a router on the shared segment with an iBGP session to every reflector. */
  private <D extends BgpDaemon> D startReflectorPeer(
      String name,
      String address,
      UnaryOperator<BgpDaemonConfig.Builder> options,
      BiFunction<Host, BgpDaemonConfig, D> daemon) {
    Host host = addSegmentHost(name, address);
    BgpDaemonConfig.Builder config = BgpDaemonConfig.builder(address, MESH_AS);
    for (LabReflector reflector : reflectors.values()) {
      config.neighbor(Neighbor.of(reflector.address(), MESH_AS));
    }
    return daemon.apply(host, options.apply(config).build());
  }

  /** Waits until the reflector answers ready: its speaker runs with the peers it planned. */
  public void awaitReady(LabReflector reflector) {
    step("waiting for " + reflector.name() + " to be ready");
    HostProcess process = reflectorProcesses.get(reflector.name());
    Wait.until(
        reflector.name() + " ready (/readyz 200); log: " + process.logFile(),
        AGENT_READY,
        () -> {
          process.assertAlive();
          return readyz(reflector.host(), reflector.httpUrl());
        },
        answer -> answer.startsWith("200"));
  }

  public List<LabReflector> reflectors() {
    return List.copyOf(reflectors.values());
  }

  /**
   * Adds a host on the shared segment (mesh and rr topologies), e.g. an extra BGP router, with
   * {@code address}/24 on its {@code eth0}.
   */
  public Host addSegmentHost(String name, String address) {
    if (segment == null) {
      throw new IllegalStateException("only the mesh topology has a shared segment");
    }
    Host host = lab.host(name);
    segment.attach(host, "eth0");
    host.addAddress("eth0", address + "/24");
    return host;
  }

  /** Waits until the node's agent answers ready and has written its CNI conflist. */
  public void awaitReady(LabNode node) {
    step("waiting for " + node.name() + "'s agent to be ready");
    Wait.until(
        node.name()
            + "'s agent ready (/readyz 200, conflist written); agent log: "
            + agents.get(node.name()).logFile(),
        AGENT_READY,
        () -> {
          agents.get(node.name()).assertAlive();
          return readyz(node);
        },
        answer ->
            answer.startsWith("200") && Files.exists(node.cniConfDir().resolve(NodeCni.CONFLIST)));
  }

  /** {@code /readyz} asked from inside the node: the status code, a space, the body. */
  public String readyz(LabNode node) {
    return readyz(node.host(), node.httpUrl());
  }

  private static String readyz(Host host, String httpUrl) {
    ExecResult result =
        host.exec("curl", "-s", "-m", "2", "-w", "\n%{http_code}", httpUrl + "/readyz");
    String out = result.stdout().strip();
    int lastLine = out.lastIndexOf('\n');
    return lastLine < 0 ? out : out.substring(lastLine + 1) + " " + out.substring(0, lastLine);
  }

  /** Creates {@code count} pods on the node: Pod objects, namespaces, CNI ADD through its agent. */
  public List<LabPod> addPods(LabNode node, int count) {
    List<LabPod> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Numbered per node, failed attempts included: each pod gets a namespace of its own.
      String name = node.name() + "-pod" + podNumbers.merge(node.name(), 1, Integer::sum);
      step("pod " + name);
      Host host = lab.host(name);
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace("default")
              .endMetadata()
              .withNewSpec()
              .withNodeName(node.name())
              .addNewContainer()
              .withName("app")
              .withImage("registry.k8s.io/pause:3.9")
              .endContainer()
              .endSpec()
              .build();
      cluster.apply(pod);
      String containerId = "lab-" + name;
      String address = NodeCni.add(node, host.namespacePath(), containerId, name);
      LabPod labPod = new LabPod(name, node, host, containerId, address);
      pods.add(labPod);
      added.add(labPod);
      progress.println("    " + name + " on " + node.name() + ": " + address);
    }
    return added;
  }

  /** Removes a pod as its runtime would: CNI DEL through its node's agent, then its Pod object. */
  public void removePod(LabPod pod) {
    step("removing pod " + pod.name());
    NodeCni.del(pod.node(), pod.host().namespacePath(), pod.containerId(), pod.name());
    pods.remove(pod);
    cluster.list(Pod.class).stream()
        .filter(p -> p.getMetadata().getName().equals(pod.name()))
        .forEach(cluster::delete);
  }

  public List<LabNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public List<LabPod> pods() {
    return List.copyOf(pods);
  }

  public HostProcess agent(LabNode node) {
    return agents.get(node.name());
  }

  public ClusterApi api() {
    return cluster;
  }

  public HostProcess controller() {
    return controller;
  }

  /**
   * Runs {@code bin/tabbyctl} inside the node's namespace, against the cluster's API as tabbyctl's
   * own user.
   */
  public ExecResult tabbyctl(LabNode node, String... args) {
    List<String> command = new ArrayList<>();
    command.add("env");
    command.add("KUBECONFIG=" + kubeconfigs.get("tabbyctl"));
    command.add(options.root().resolve("bin/tabbyctl").toString());
    command.addAll(List.of(args));
    return node.host().exec(command, TABBYCTL_RUN);
  }

  /** The stand-in's record of the API requests ({@link RequestLog}); empty with a real cluster. */
  public Optional<Path> requestLog() {
    return Optional.ofNullable(requestLog);
  }

  /** The ToR router (tor topology only). */
  public Optional<Bird> tor() {
    return Optional.ofNullable(tor);
  }

  /** The lab's namespace prefix and run directory, for the lab's state file. */
  public Lab testbench() {
    return lab;
  }

  /** Where tcpdump sees traffic between two nodes: node1's fabric interface. */
  Host captureHost() {
    return options.topology().sharedSegment() ? nodes().get(0).host() : fabric;
  }

  String captureInterface() {
    return options.topology().sharedSegment() ? "eth0" : "r1";
  }

  Path root() {
    return options.root();
  }

  private void step(String what) {
    progress.println("==> " + what);
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
    if (relay != null) {
      relay.close();
    }
    lab.close();
  }
}
