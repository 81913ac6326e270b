package dev.tabby.node;

import com.google.common.net.InetAddresses;
import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.NodeNetworkCondition;
import dev.tabby.bfd.BfdSessions;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.bfd.BfdGuard;
import dev.tabby.dataplane.ConnectedInterfaces;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NetlinkMonitor;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.RouteReconciler;
import dev.tabby.health.HealthServer;
import dev.tabby.health.Readiness;
import dev.tabby.ipam.BlockListener;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.NodeBlocks;
import dev.tabby.ipam.WatchedClusterView;
import dev.tabby.ipam.WatchedIpamConfig;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.node.cni.CniInstaller;
import dev.tabby.node.cni.CniServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: composes the speaker, the route reconciler and the resources' informers. It owns
 * no protocol logic; each translation lives in its own class ({@link PeerPlanner}, {@link
 * BlockRoutes}, {@link LearnedRoutes}).
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  /**
   * How long a stopping agent gives the API, in all, to take what it writes on the way out (its
   * Node's NetworkUnavailable condition). Its routes are withdrawn before; an API server that is
   * gone must not hold up the rest of the stop.
   */
  private static final Duration STOP_API_DEADLINE = Duration.ofSeconds(1);

  /** How often a start-up step that waits for something outside the agent tries again. */
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final AgentConfig config;
  private final KubernetesClient client;
  private final Readiness readiness = new Readiness();
  private final ScheduledExecutorService sync =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "tabby-node-sync");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean syncPending = new AtomicBoolean();
  private final HealthServer http;

  private volatile String startupProblem = "starting";
  private volatile List<String> configProblems = List.of();
  private volatile Map<InetAddress, PeerType> peerTypes = Map.of();
  private volatile BgpSpeaker speaker;
  private BfdSessions bfd;
  private volatile BfdGuard bfdGuard;
  private volatile AgentMetrics metrics;
  private LocalNode me;
  private ClusterResources resources;
  // Volatile and set after everything the sync reads: the sync thread runs once it sees it set,
  // and the volatile write makes those earlier fields visible to it.
  private volatile NodeBlocks blocks;
  private NetworkNamespace namespace;
  private Netlink netlink;
  private RouteReconciler reconciler;
  private NetlinkMonitor monitor;
  private NetlinkMonitor interfaceMonitor;
  private DesiredRoutes desired;
  private LearnedRoutes learnedRoutes;
  private BlockAdvertiser advertiser;
  private RestartRecovery recovery;
  private WatchedIpamConfig ipamConfig;
  private WatchedClusterView ipamNodes;
  private CniServer cni;
  private final ConflistWriter conflist = new ConflistWriter();
  private final NetworkConditionWriter networkCondition;
  private volatile boolean networkUp;
  private volatile boolean closed;

  private NodeAgent(AgentConfig config, KubernetesClient client) throws IOException {
    this.config = config;
    this.client = client;
    readiness
        .check("startup", () -> startupProblem)
        .check(
            "datastore",
            () ->
                resources != null && blocks != null && resources.synced()
                    ? null
                    : "informers not synced")
        .check(
            "bgp",
            () ->
                speaker != null && speaker.listenAddress() != null ? null : "speaker not listening")
        .check(
            "dataplane", () -> desired == null ? "route reconciler not started" : desired.problem())
        .check("config", () -> configProblems.isEmpty() ? null : String.join("; ", configProblems));
    this.http =
        AgentHttpServer.start(
            config.http(),
            readiness,
            () -> speaker,
            () -> metrics,
            () -> peerTypes,
            peers -> recovery == null ? null : recovery.status(peers),
            peer -> {
              BfdGuard guard = bfdGuard;
              return guard == null ? Optional.empty() : guard.status(peer);
            });
    this.networkCondition =
        new NetworkConditionWriter(client, config.nodeName(), Clock.systemUTC());
  }

  /**
   * Starts the agent. Steps that wait for something outside it (a Node object, an address to
   * detect, the API) are retried with the reason logged and served on {@code /readyz}.
   */
  public static NodeAgent start(AgentConfig config, KubernetesClient client) throws IOException {
    NodeAgent agent = new NodeAgent(config, client);
    agent.startUp();
    return agent;
  }

  public Readiness readiness() {
    return readiness;
  }

  private void startUp() {
    resources =
        retry(
            "watching the cluster's resources",
            () -> new ClusterResources(client, this::requestSync));
    me = retry("finding this node's BGP addresses", this::identify);
    retry(
        "annotating Node " + config.nodeName(),
        () -> {
          new NodeAnnotator(client)
              .annotate(
                  config.nodeName(),
                  NodeAnnotator.annotations(me.ipv4(), me.ipv6(), config.asNumber()));
          return true;
        });
    namespace = NetworkNamespace.open(Path.of("/proc/self/ns/net"));
    netlink = namespace.openNetlink();
    reconciler = new RouteReconciler(netlink, RouteReconciler.Config.defaults());
    // Before anything writes routes: the kernel routes of an earlier run stay while it recovers.
    recovery = RestartRecovery.begin(reconciler, config.gracefulRestartTime());
    SpeakerConfig speakerConfig = speakerConfig();
    speaker = BgpSpeaker.start(speakerConfig);
    bfd = BfdSessions.start();
    bfdGuard = new BfdGuard(speaker, bfd, Runnable::run);
    if (config.dropSessionsOnLinkDown()) {
      ConnectedInterfaces interfaces = new ConnectedInterfaces();
      new PeerLinkWatch(speaker, interfaces);
      interfaceMonitor = namespace.call(() -> NetlinkMonitor.startInterfaces(interfaces));
    }
    monitor = namespace.call(() -> NetlinkMonitor.start(reconciler));
    reconciler.start();
    desired = new DesiredRoutes(reconciler);
    recovery.start(
        speaker, sync, InitialTables.of(speakerConfig, config.gracefulRestartPeerWait()));
    advertiser = new BlockAdvertiser(speaker);
    blocks = retry("watching this node's blocks", () -> new NodeBlocks(client, config.nodeName()));
    blocks.addListener(
        new BlockListener() {
          @Override
          public void claimed(IpPrefix block) {
            requestSync();
          }

          @Override
          public void released(IpPrefix block) {
            requestSync();
          }
        });
    learnedRoutes = new LearnedRoutes(source(me.ipv4()), source(me.ipv6()));
    metrics =
        new AgentMetrics(
            speaker,
            reconciler,
            learnedRoutes::size,
            () -> blocks.current().size(),
            () -> recovery.status(speaker.peers()));
    speaker.addBestPathListener(
        changes -> {
          LearnedRoutes.Changes learned = learnedRoutes.apply(changes);
          if (!learned.isEmpty()) {
            desired.updateLearned(learned);
          }
        });
    startCni();
    startupProblem = null;
    requestSync();
    log.info(
        "event=agent-started node={} ipv4={} ipv6={} as={}",
        me.name(),
        me.ipv4().map(BgpAddress::toString).orElse("none"),
        me.ipv6().map(BgpAddress::toString).orElse("none"),
        config.asNumber());
  }

  /**
   * Starts serving the CNI plugins and installs them; the conflist, which tells the kubelet the
   * node's network is ready, is written by the sync once the server can wire pods.
   */
  private void startCni() {
    ipamConfig = new WatchedIpamConfig(client);
    ipamNodes = new WatchedClusterView(client);
    IpamAllocator ipam =
        new IpamAllocator(
            Datastore.kubernetes(client), ipamNodes, ipamConfig, ConflictRetry.standard());
    cni =
        new CniServer(
                new CniServer.Config(config.cniSocket(), config.cniStateDir(), config.nodeName()),
                ipam,
                namespace,
                () -> startupProblem == null && resources.synced())
            .observe(metrics::cniServed);
    CniInstaller.Config defaults = CniInstaller.Config.defaults(config.cniPluginDir());
    CniInstaller cniInstaller =
        new CniInstaller(
            new CniInstaller.Config(
                defaults.pluginSource(),
                config.cniBinDir(),
                config.cniConfDir(),
                defaults.networkName(),
                config.cniSocket(),
                defaults.mtu(),
                me.ipv4().isPresent(),
                me.ipv6().isPresent()));
    retry(
        "starting the CNI server and installing the plugins",
        () -> {
          try {
            cni.start();
            cniInstaller.installPlugins();
            return true;
          } catch (IOException e) {
            throw new ConfigException(e.getMessage());
          }
        });
    conflist.cniStarted(cni::isReady, cniInstaller);
  }

  /**
   * Once the node's blocks are originated and pods can be wired, tells the cluster through the
   * Node's NetworkUnavailable condition (False, TabbyIsUp), as tabbyctl get nodes and diagnose read
   * it.
   */
  private void markNetworkUpOnce() {
    if (networkUp || !conflist.written()) {
      return;
    }
    networkCondition.up();
    networkUp = true;
    log.info("event=network-up node={} condition=NetworkUnavailable=False", config.nodeName());
  }

  /**
   * On a clean stop: NetworkUnavailable True, TabbyIsDown. Waits for the API at most {@link
   * #STOP_API_DEADLINE} and tries each request once; a failure is logged once, saying what was not
   * written.
   */
  private void markNetworkDown() {
    if (!networkUp) {
      return;
    }
    try {
      CompletableFuture.runAsync(() -> networkCondition.down(STOP_API_DEADLINE))
          .get(STOP_API_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      log.info("event=network-down node={} condition=NetworkUnavailable=True", config.nodeName());
    } catch (ExecutionException e) {
      logNetworkDownFailed(rootReason(e.getCause()));
    } catch (TimeoutException e) {
      logNetworkDownFailed("no answer from the API within " + STOP_API_DEADLINE.toMillis() + "ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void logNetworkDownFailed(String reason) {
    log.error(
        "event=network-down-failed node={} not-written=\"Node {} NetworkUnavailable=True ({})\""
            + " reason=\"{}\"",
        config.nodeName(),
        config.nodeName(),
        NodeNetworkCondition.REASON_DOWN,
        reason);
  }

  /** The innermost cause's words ("Connection refused"), where the client wraps them. */
  private static String rootReason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  /** Recomputes peers and block routes soon, once however many changes arrive meanwhile. */
  private void requestSync() {
    if (syncPending.compareAndSet(false, true)) {
      sync.execute(
          () -> {
            syncPending.set(false);
            syncNow();
          });
    }
  }

  private void syncNow() {
    if (closed || speaker == null || blocks == null) {
      return;
    }
    try {
      LocalNode current = withLabels(me);
      PeerPlan plan =
          new PeerPlanner(
                  new KubernetesSecrets(client, config.secretNamespace()), resources.bgpFilters())
              .plan(current, resources.nodes(), resources.bgpConfiguration(), resources.bgpPeers());
      reportProblems(plan.problems());
      peerTypes = plan.types();
      BgpSpeaker.PeerChanges changes = speaker.setPeers(withoutSelf(plan));
      bfdGuard.setWanted(plan.bfd());
      if (changes.any()) {
        log.info(
            "event=peers-changed added={} removed={} restarted={} updated={} refused={} peers={}",
            changes.added(),
            changes.removed(),
            changes.restarted(),
            changes.updated(),
            changes.refused().size(),
            plan.peers().size());
      }
      BlockPlan blockPlan =
          BlockRoutes.plan(
              blocks.current(),
              BorrowedAddresses.of(config.nodeName(), resources.ipamBlocks()),
              resources.pools());
      advertiser.apply(blockPlan);
      desired.setBlackholes(blockPlan.blackholes());
      if (resources.synced()) {
        recovery.ownRoutesBack();
      } else {
        // Our blocks as the datastore has them are not known yet: peers wait for them.
        sync.schedule(
            this::requestSync, RestartRecovery.CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      }
      conflist.writeWhenReady();
      markNetworkUpOnce();
    } catch (RuntimeException e) {
      log.error("event=sync-failed reason=\"{}\" (retrying in {}s)", e, RETRY.toSeconds());
      sync.schedule(this::requestSync, RETRY.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** The preferred source of learned routes: the node's BGP address of the family. */
  private static IpAddress source(Optional<BgpAddress> address) {
    return address.map(a -> IpAddress.of(a.address())).orElse(null);
  }

  private List<PeerConfig> withoutSelf(PeerPlan plan) {
    Set<InetAddress> own = new HashSet<>();
    me.ipv4().ifPresent(a -> own.add(a.address()));
    me.ipv6().ifPresent(a -> own.add(a.address()));
    return plan.peers().stream().filter(peer -> !own.contains(peer.address())).toList();
  }

  /** Logs each problem once, when it first appears, and when all are gone. */
  private void reportProblems(List<String> problems) {
    Set<String> before = new HashSet<>(configProblems);
    for (String problem : problems) {
      if (!before.contains(problem)) {
        log.error("event=bad-config {}", problem);
      }
    }
    if (!before.isEmpty() && problems.isEmpty()) {
      log.info("event=config-ok");
    }
    configProblems = List.copyOf(problems);
  }

  private LocalNode identify() {
    List<InetAddress> internalIps = new ArrayList<>();
    Optional<Node> node = resources.node(config.nodeName());
    node.map(n -> n.getStatus() == null ? null : n.getStatus().getAddresses())
        .ifPresent(
            addresses -> {
              for (NodeAddress address : addresses) {
                if ("InternalIP".equals(address.getType())
                    && InetAddresses.isInetAddress(address.getAddress())) {
                  internalIps.add(InetAddresses.forString(address.getAddress()));
                }
              }
            });
    AddressAutodetector detector =
        new AddressAutodetector(
            HostInterface.ofThisHost(), AddressAutodetector::kernelSourceFor, internalIps);
    Optional<BgpAddress> ipv4;
    Optional<BgpAddress> ipv6;
    try {
      ipv4 = detector.detect(config.ipv4(), false);
      ipv6 = detector.detect(config.ipv6(), true);
    } catch (ConfigException e) {
      throw new ConfigException(
          "IP_AUTODETECTION_METHOD/IP6_AUTODETECTION_METHOD: " + e.getMessage());
    }
    if (ipv4.isEmpty() && ipv6.isEmpty()) {
      throw new ConfigException(
          "IP_AUTODETECTION_METHOD and IP6_AUTODETECTION_METHOD are both none: the node needs a BGP address");
    }
    return new LocalNode(config.nodeName(), Map.of(), ipv4, ipv6);
  }

  private LocalNode withLabels(LocalNode node) {
    return new LocalNode(
        node.name(),
        resources.node(node.name()).map(PeerPlanner::labels).orElse(Map.of()),
        node.ipv4(),
        node.ipv6());
  }

  private SpeakerConfig speakerConfig() {
    BGPConfiguration cluster = resources.bgpConfiguration();
    int port =
        cluster == null || cluster.getSpec() == null ? 179 : cluster.getSpec().getListenPort();
    Inet4Address routerId =
        me.ipv4()
            .map(a -> (Inet4Address) a.address())
            .orElseGet(() -> InetAddresses.fromInteger(me.name().hashCode()));
    // A cluster ID on this node's Node makes it a route reflector (read at start only).
    Inet4Address clusterId =
        resources.node(me.name()).map(PeerPlanner::clusterAddressOf).orElse(null);
    return new SpeakerConfig(
        routerId,
        config.asNumber(),
        new InetSocketAddress(port),
        clusterId,
        recovery.speakerConfig());
  }

  /** Tries a start-up step until it works; its failure is logged once and served on /readyz. */
  private <T> T retry(String step, Supplier<T> action) {
    String lastProblem = null;
    while (!closed) {
      try {
        T result = action.get();
        if (lastProblem != null) {
          log.info("event=startup-step-done step=\"{}\"", step);
        }
        startupProblem = "starting";
        return result;
      } catch (ConfigException | KubernetesClientException e) {
        String problem = step + ": " + e.getMessage();
        if (!problem.equals(lastProblem)) {
          log.error("event=startup-blocked {} (retrying every {}s)", problem, RETRY.toSeconds());
          lastProblem = problem;
        }
        startupProblem = problem;
      }
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while " + step, e);
      }
    }
    throw new IllegalStateException("agent closed while " + step);
  }

  /**
   * Stops: sessions end with a Cease, the kernel routes stay where they are (a restarted agent, or
   * graceful restart, takes them over). The Cease goes out first, so the peers withdraw this node's
   * routes whatever state the API is in; then the API is told, within {@link #STOP_API_DEADLINE}.
   */
  @Override
  public void close() {
    closed = true;
    sync.shutdownNow();
    if (cni != null) {
      cni.close();
    }
    if (bfd != null) {
      bfd.close();
    }
    if (speaker != null) {
      speaker.close();
    }
    markNetworkDown();
    if (blocks != null) {
      blocks.close();
    }
    if (resources != null) {
      resources.close();
    }
    if (ipamConfig != null) {
      ipamConfig.close();
    }
    if (ipamNodes != null) {
      ipamNodes.close();
    }
    if (monitor != null) {
      monitor.close();
    }
    if (interfaceMonitor != null) {
      interfaceMonitor.close();
    }
    if (reconciler != null) {
      reconciler.close();
    }
    if (netlink != null) {
      netlink.close();
    }
    if (namespace != null) {
      namespace.close();
    }
    http.close();
    log.info("event=agent-stopped node={}", config.nodeName());
  }
}
