package dev.tabby.bench.bfd;

import dev.tabby.bfd.BfdParameters;
import dev.tabby.bfd.BfdSessions;
import dev.tabby.bfd.BfdState;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.bfd.BfdGuard;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.RouteReconciler;
import dev.tabby.node.DesiredRoutes;
import dev.tabby.node.LearnedRoutes;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bfd.BirdBfd;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BFD failure detection, side by side: two identical pairs of namespaces, each an origin (BIRD
 * announcing one prefix over eBGP with BFD) and an observer that installs it in its kernel — one
 * observer is Tabby (speaker, BfdGuard, route reconciler, as in the node agent), the other BIRD
 * (BGP with {@code bfd on} and a kernel protocol). Each round cuts both pairs' links (the origin's
 * end of the veth down) and times, per observer, the cut to the route gone from its kernel. BFD
 * runs at 100 ms × 3 on every side.
 */
public final class BfdBenchmark {
  private static final String OBSERVER = "10.81.0.1";
  private static final String ORIGIN = "10.81.0.2";
  private static final String PREFIX = "10.200.0.0/24";
  private static final int INTERVAL_MS = 100;
  private static final int MULTIPLIER = 3;
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private record Pair(String name, Host observer, Host origin) {}

  private BfdBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    try (Lab lab = Lab.create()) {
      Pair tabby = pair(lab, "tabby");
      Pair bird = pair(lab, "bird");
      try (NetworkNamespace namespace = NetworkNamespace.open(tabby.observer().namespacePath());
          BgpSpeaker speaker = startTabby(namespace);
          BfdSessions bfd = BfdSessions.start();
          RouteReconciler reconciler =
              new RouteReconciler(namespace.openNetlink(), RouteReconciler.Config.defaults())) {
        reconciler.start();
        LearnedRoutes learned = new LearnedRoutes(null, null);
        DesiredRoutes desired = new DesiredRoutes(reconciler);
        speaker.addBestPathListener(
            changes -> {
              LearnedRoutes.Changes change = learned.apply(changes);
              if (!change.isEmpty()) {
                desired.updateLearned(change);
              }
            });
        new BfdGuard(speaker, bfd, namespace::run)
            .setWanted(
                Map.of(
                    InetAddress.getByName(ORIGIN),
                    BfdOptions.singleHop(
                        BfdParameters.ofMillis(INTERVAL_MS, INTERVAL_MS, MULTIPLIER))));
        List<BirdBfd> birds = new ArrayList<>();
        try {
          birds.add(startBird(tabby.origin(), OBSERVER, true, false));
          birds.add(startBird(bird.origin(), OBSERVER, true, false));
          birds.add(startBird(bird.observer(), ORIGIN, false, true));
          run(rounds, tabby, bird, bfd);
        } finally {
          birds.forEach(BirdBfd::close);
        }
      }
    }
  }

  private static void run(int rounds, Pair tabby, Pair bird, BfdSessions bfd) {
    List<Long> tabbyTimes = new ArrayList<>();
    List<Long> birdTimes = new ArrayList<>();
    System.out.printf(
        "BFD %d ms x %d; link cut (origin's veth end down) -> %s gone from the kernel%n",
        INTERVAL_MS, MULTIPLIER, PREFIX);
    for (int round = 1; round <= rounds; round++) {
      Wait.until(
          "both observers to hold " + PREFIX + " and Tabby's BFD to be Up",
          SETTLE,
          () ->
              hasRoute(tabby.observer())
                  && hasRoute(bird.observer())
                  && bfd.sessions().stream().allMatch(s -> s.state() == BfdState.UP));
      // Alternate which pair is cut first, so neither always gets the head start.
      Pair first = round % 2 == 0 ? tabby : bird;
      Pair second = first == tabby ? bird : tabby;
      long firstCut = cut(first);
      long secondCut = cut(second);
      long firstGone = 0;
      long secondGone = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((firstGone == 0 || secondGone == 0) && System.nanoTime() < deadline) {
        if (firstGone == 0 && !hasRoute(first.observer())) {
          firstGone = System.nanoTime();
        }
        if (secondGone == 0 && !hasRoute(second.observer())) {
          secondGone = System.nanoTime();
        }
      }
      long firstMs = firstGone == 0 ? -1 : (firstGone - firstCut) / 1_000_000;
      long secondMs = secondGone == 0 ? -1 : (secondGone - secondCut) / 1_000_000;
      long tabbyMs = first == tabby ? firstMs : secondMs;
      long birdMs = first == tabby ? secondMs : firstMs;
      tabbyTimes.add(tabbyMs);
      birdTimes.add(birdMs);
      System.out.printf("round %d: tabby %d ms, bird %d ms%n", round, tabbyMs, birdMs);
      heal(tabby);
      heal(bird);
    }
    System.out.printf(
        "| %s | %s | %s |%n| %s | %s | %s |%n",
        "observer", "median", "range", "Tabby", median(tabbyTimes), range(tabbyTimes));
    System.out.printf("| %s | %s | %s |%n", "BIRD", median(birdTimes), range(birdTimes));
  }

  private static Pair pair(Lab lab, String name) {
    Host observer = lab.host(name);
    Host origin = lab.host(name + "-origin");
    lab.link(observer, "eth0", origin, "eth0");
    observer.addAddress("eth0", OBSERVER + "/24");
    origin.addAddress("eth0", ORIGIN + "/24");
    return new Pair(name, observer, origin);
  }

  /** A passive speaker: its listening socket is made in the namespace, and the origin connects. */
  private static BgpSpeaker startTabby(NetworkNamespace namespace) throws Exception {
    BgpSpeaker speaker =
        namespace.call(
            () ->
                BgpSpeaker.start(
                    new SpeakerConfig(
                        (Inet4Address) InetAddress.getByName(OBSERVER),
                        65001,
                        new InetSocketAddress(InetAddress.getByName(OBSERVER), 179),
                        null)));
    speaker.addPeer(PeerConfig.builder(InetAddress.getByName(ORIGIN), 65002).passive(true).build());
    return speaker;
  }

  private static BirdBfd startBird(Host host, String peer, boolean origin, boolean kernel) {
    String local = origin ? ORIGIN : OBSERVER;
    BirdBfd.Bgp bgp =
        new BirdBfd.Bgp(
            origin ? 65002 : 65001, origin ? 65001 : 65002, origin ? PREFIX : null, kernel);
    return BirdBfd.startWithBgp(host, local, peer, bgp, INTERVAL_MS, INTERVAL_MS, MULTIPLIER);
  }

  /**
   * Brings the origin's end of the veth down, so nothing crosses either way; returns the instant it
   * was done. The observer's end stays administratively up (only its carrier goes), so neither
   * observer's BGP notices the cut by itself (BIRD's {@code check link} is off by default), and the
   * kernel keeps the route until the observer withdraws it. (netem would keep the carrier too, but
   * the sch_netem module is not available on these machines.)
   */
  private static long cut(Pair pair) {
    pair.origin().ip("link", "set", "dev", "eth0", "down");
    return System.nanoTime();
  }

  private static void heal(Pair pair) {
    pair.origin().ip("link", "set", "dev", "eth0", "up");
  }

  private static boolean hasRoute(Host host) {
    return !host.execOk("ip", "route", "show", PREFIX).stdout().isBlank();
  }

  private static String median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? "-" : sorted.get(sorted.size() / 2) + " ms";
  }

  private static String range(List<Long> values) {
    return String.format(
        Locale.ROOT,
        "%d-%d ms",
        values.stream().mapToLong(Long::longValue).min().orElse(0),
        values.stream().mapToLong(Long::longValue).max().orElse(0));
  }
}
