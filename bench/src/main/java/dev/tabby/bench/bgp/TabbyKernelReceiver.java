package dev.tabby.bench.bgp;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NetlinkMonitor;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.RouteReconciler;
import dev.tabby.node.DesiredRoutes;
import dev.tabby.node.LearnedRoutes;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Tabby as a receiver that installs what it learns: the speaker wired to the route reconciler as
 * the node agent wires them ({@link LearnedRoutes} turns best-path changes into kernel routes, the
 * agent's {@link DesiredRoutes} hands them to the reconciler's BGP source; the reconciler has a
 * {@link NetlinkMonitor} of its own), without the agent's Kubernetes side. One passive iBGP peer,
 * the {@link Topology}'s sender. Runs in its own JVM in the receiver's namespace; logs {@value
 * #READY} once it accepts the session. Usage: {@code TabbyKernelReceiver}.
 */
public final class TabbyKernelReceiver {

  static final String READY = "tabby-kernel-receiver ready";

  private TabbyKernelReceiver() {}

  public static void main(String[] args) throws Exception {
    InetAddress self = InetAddress.getByName(Topology.RECEIVER_ADDRESS);
    BgpSpeaker speaker =
        BgpSpeaker.start(
            new SpeakerConfig(
                (Inet4Address) self,
                Topology.AS,
                new InetSocketAddress(self, Topology.BGP_PORT),
                null));
    NetworkNamespace namespace = NetworkNamespace.open(Path.of("/proc/self/ns/net"));
    Netlink netlink = namespace.openNetlink();
    RouteReconciler reconciler = new RouteReconciler(netlink, RouteReconciler.Config.defaults());
    namespace.call(() -> NetlinkMonitor.start(reconciler));
    reconciler.start();
    DesiredRoutes desired = new DesiredRoutes(reconciler);
    LearnedRoutes learned = new LearnedRoutes(null, null); // the kernel picks each source
    speaker.addBestPathListener(
        changes -> {
          LearnedRoutes.Changes kernel = learned.apply(changes);
          if (!kernel.isEmpty()) {
            desired.updateLearned(kernel);
          }
        });
    speaker.addPeer(
        PeerConfig.builder(InetAddress.getByName(Topology.SENDER_ADDRESS), Topology.AS)
            .passive(true)
            .build());
    System.out.println(READY);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** Starts the receiver on {@code host} with {@code javaOptions} and waits until it is ready. */
  static KernelReceiver start(Host host, String javaOptions) {
    HostProcess process =
        BenchJvm.start(host, "tabby-kernel-receiver", javaOptions, TabbyKernelReceiver.class);
    Wait.until(
        "the Tabby receiver on " + host.name() + " to start",
        Duration.ofSeconds(60),
        () -> {
          process.assertAlive();
          return process.log();
        },
        log -> log.contains(READY));
    return new KernelReceiver("Tabby", RouteReconciler.DEFAULT_PROTOCOL, List.of(process));
  }
}
