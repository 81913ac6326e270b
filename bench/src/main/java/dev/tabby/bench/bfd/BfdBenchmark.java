package dev.tabby.bench.bfd;

import dev.tabby.bfd.BfdParameters;
import dev.tabby.bfd.BfdSessions;
import dev.tabby.bfd.BfdState;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.bfd.BfdGuard;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.dataplane.ConnectedInterfaces;
import dev.tabby.dataplane.NetlinkMonitor;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteReconciler;
import dev.tabby.net.IpPrefix;
import dev.tabby.node.DesiredRoutes;
import dev.tabby.node.LearnedRoutes;
import dev.tabby.node.PeerLinkWatch;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bfd.BirdBfd;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BFD failure detection, side by side: two identical pairs of namespaces, each an origin (BIRD
 * announcing one prefix over eBGP with BFD) and an observer that installs it in its kernel — one
 * observer is Tabby (speaker, BfdGuard, PeerLinkWatch, route reconciler, as in the node agent), the
 * other BIRD (BGP with {@code bfd on} and a kernel protocol). Each round cuts each pair alone, in
 * turn, in each of the {@link Cut} ways and times the cut to the route gone from its kernel (the
 * instant a netlink monitor in the observer's namespace hears of the deletion). BFD runs at 100 ms
 * × 3 on every side.
 */
public final class BfdBenchmark {
  private static final String OBSERVER = "10.81.0.1";
  private static final String ORIGIN = "10.81.0.2";
  private static final String PREFIX = "10.200.0.0/24";
  private static final int INTERVAL_MS = 100;
  private static final int MULTIPLIER = 3;
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final Duration GIVE_UP = Duration.ofSeconds(30);

  /** How a round cuts the origin off; each is undone before the next. */
  enum Cut {
    /**
     * The origin's end of the veth down: the observer's end keeps its administrative state but
     * loses its carrier, which both observers watch.
     */
    LINK_DOWN("link down (origin's veth end down; the observer's end loses its carrier)") {
      @Override
      void apply(Host origin) {
        origin.ip("link", "set", "dev", "eth0", "down");
      }

      @Override
      void undo(Host origin) {
        origin.ip("link", "set", "dev", "eth0", "up");
      }
    },
    /**
     * iptables in the origin's namespace drops every packet its eth0 sends or receives, BFD and BGP
     * included, in one commit: the carriers stay up, so only BFD (or the hold timer) can tell. This
     * stands for netem's 100% loss, which these machines lack (no sch_netem module).
     */
    PACKET_DROP("packets dropped (iptables DROP on the origin's eth0, both ways; carriers up)") {
      @Override
      void apply(Host origin) {
        iptablesRestore(origin, "-I");
      }

      @Override
      void undo(Host origin) {
        iptablesRestore(origin, "-D");
      }
    };

    final String description;

    Cut(String description) {
      this.description = description;
    }

    abstract void apply(Host origin);

    abstract void undo(Host origin);

    /** Inserts ({@code -I}) or deletes ({@code -D}) both DROP rules in one commit. */
    private static void iptablesRestore(Host origin, String action) {
      String rules =
          "*filter\n"
              + action
              + " INPUT -i eth0 -j DROP\n"
              + action
              + " OUTPUT -o eth0 -j DROP\nCOMMIT\n";
      String file = origin.writeFile("drop-" + action.substring(1) + ".rules", rules).toString();
      origin.execOk("iptables-restore", "--noflush", file);
    }
  }

  private record Pair(String name, Host observer, Host origin) {}

  /**
   * The instant the kernel of an observer told of the prefix's deletion, from a netlink monitor in
   * its namespace: the same clock for both observers, and no polling delay.
   */
  private static final class RouteGone implements NetlinkMonitor.Listener {
    private final IpPrefix prefix = IpPrefix.parse(PREFIX);
    private final AtomicLong gone = new AtomicLong();

    void reset() {
      gone.set(0);
    }

    /** The instant of the first deletion since {@link #reset()}, 0 for none yet. */
    long instant() {
      return gone.get();
    }

    @Override
    public void routeChanged(Route route, boolean deleted) {
      if (deleted && route.destination().equals(prefix)) {
        gone.compareAndSet(0, System.nanoTime());
      }
    }

    @Override
    public void overrun() {
      System.out.println("route notifications were lost: this round's times may be missing");
    }
  }

  /** One cut way's times, in milliseconds; -1 where the route was still there after 30 s. */
  private static final class Times {
    final List<Long> tabby = new ArrayList<>();
    final List<Long> bird = new ArrayList<>();
    final List<Long> tabbyBfdDown = new ArrayList<>();
    final List<Long> tabbyBfdDownToGone = new ArrayList<>();
  }

  private BfdBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    try (Lab lab = Lab.create()) {
      Pair tabby = pair(lab, "tabby");
      Pair bird = pair(lab, "bird");
      RouteGone tabbyGone = new RouteGone();
      RouteGone birdGone = new RouteGone();
      try (NetworkNamespace namespace = NetworkNamespace.open(tabby.observer().namespacePath());
          NetworkNamespace birdNamespace = NetworkNamespace.open(bird.observer().namespacePath());
          NetlinkMonitor tabbyRoutes = namespace.call(() -> NetlinkMonitor.start(tabbyGone));
          NetlinkMonitor birdRoutes = birdNamespace.call(() -> NetlinkMonitor.start(birdGone));
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
        ConnectedInterfaces interfaces = new ConnectedInterfaces();
        new PeerLinkWatch(speaker, interfaces);
        AtomicLong bfdDown = new AtomicLong();
        bfd.addListener(
            (peer, from, to, diagnostic) -> {
              if (from == BfdState.UP && to == BfdState.DOWN) {
                bfdDown.compareAndSet(0, System.nanoTime());
              }
            });
        List<BirdBfd> birds = new ArrayList<>();
        try (NetlinkMonitor monitor =
            namespace.call(() -> NetlinkMonitor.startInterfaces(interfaces))) {
          birds.add(startBird(tabby.origin(), OBSERVER, true, false));
          birds.add(startBird(bird.origin(), OBSERVER, true, false));
          birds.add(startBird(bird.observer(), ORIGIN, false, true));
          report(
              run(
                  rounds,
                  new Observed(tabby, tabbyGone),
                  new Observed(bird, birdGone),
                  bfd,
                  bfdDown));
        } finally {
          birds.forEach(BirdBfd::close);
        }
      }
    }
  }

  /** A pair and the watch on its observer's kernel. */
  private record Observed(Pair pair, RouteGone gone) {}

  private static Map<Cut, Times> run(
      int rounds, Observed tabby, Observed bird, BfdSessions bfd, AtomicLong bfdDown)
      throws InterruptedException {
    Map<Cut, Times> times = new EnumMap<>(Cut.class);
    System.out.printf(
        "BFD %d ms x %d; cut -> %s gone from the observer's kernel%n",
        INTERVAL_MS, MULTIPLIER, PREFIX);
    for (int round = 1; round <= rounds; round++) {
      for (Cut cut : Cut.values()) {
        Times these = times.computeIfAbsent(cut, c -> new Times());
        // Alternate which pair goes first, so neither always meets the machine in the same state.
        boolean tabbyFirst = round % 2 == 0;
        long birdMs = 0;
        long tabbyMs = 0;
        long tabbyDownMs = 0;
        for (Observed observed : tabbyFirst ? List.of(tabby, bird) : List.of(bird, tabby)) {
          boolean isTabby = observed == tabby;
          awaitSettled(observed, isTabby ? bfd : null);
          observed.gone().reset();
          bfdDown.set(0);
          long cutAt = System.nanoTime();
          cut.apply(observed.pair().origin());
          long goneMs = millis(cutAt, awaitGone(observed));
          if (isTabby) {
            tabbyMs = goneMs;
            // After a link-down cut Tabby's BFD goes Down after the route went: the link watch
            // came first.
            Wait.until("Tabby's BFD session to go Down", GIVE_UP, () -> bfdDown.get() != 0);
            long down = bfdDown.get();
            tabbyDownMs = millis(cutAt, down);
            these.tabby.add(tabbyMs);
            these.tabbyBfdDown.add(tabbyDownMs);
            if (goneMs >= tabbyDownMs) {
              these.tabbyBfdDownToGone.add(goneMs - tabbyDownMs);
            }
          } else {
            birdMs = goneMs;
            these.bird.add(birdMs);
          }
          cut.undo(observed.pair().origin());
        }
        System.out.printf(
            "round %d, %s: tabby %d ms (its BFD Down at %d ms), bird %d ms%n",
            round, cut.name().toLowerCase(Locale.ROOT), tabbyMs, tabbyDownMs, birdMs);
      }
    }
    return times;
  }

  /** Waits until the observer holds the route (and, given {@code bfd}, Tabby's BFD is Up). */
  private static void awaitSettled(Observed observed, BfdSessions bfd) {
    Wait.until(
        observed.pair().name() + "'s observer to hold " + PREFIX + " with BFD Up",
        SETTLE,
        () ->
            hasRoute(observed.pair().observer())
                && (bfd == null
                    || bfd.sessions().stream().allMatch(s -> s.state() == BfdState.UP)));
  }

  /** The instant the observer's kernel told of the deletion; 0 if not within {@link #GIVE_UP}. */
  private static long awaitGone(Observed observed) throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (observed.gone().instant() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return observed.gone().instant();
  }

  private static long millis(long from, long to) {
    return to == 0 ? -1 : (to - from) / 1_000_000;
  }

  private static void report(Map<Cut, Times> times) {
    for (Map.Entry<Cut, Times> entry : times.entrySet()) {
      Times t = entry.getValue();
      System.out.printf(
          "%n%s, %d rounds: cut -> route gone%n", entry.getKey().description, t.tabby.size());
      System.out.println("| observer | median | p90 | min | max |");
      System.out.println("|---|---:|---:|---:|---:|");
      row("Tabby", t.tabby);
      row("BIRD", t.bird);
      row("Tabby: cut -> its BFD Down", t.tabbyBfdDown);
      row("Tabby: its BFD Down -> route gone", t.tabbyBfdDownToGone);
      System.out.printf(
          Locale.ROOT,
          "Tabby / BIRD: median %.2f, p90 %.2f%n",
          ratio(percentile(t.tabby, 50), percentile(t.bird, 50)),
          ratio(percentile(t.tabby, 90), percentile(t.bird, 90)));
    }
  }

  private static void row(String name, List<Long> values) {
    System.out.printf(
        "| %s | %d ms | %d ms | %d ms | %d ms |%n",
        name,
        percentile(values, 50),
        percentile(values, 90),
        values.stream().mapToLong(Long::longValue).min().orElse(-1),
        values.stream().mapToLong(Long::longValue).max().orElse(-1));
  }

  /** The nearest-rank percentile; -1 for no values. */
  private static long percentile(List<Long> values, int percent) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static double ratio(long tabby, long bird) {
    return bird <= 0 ? Double.NaN : (double) tabby / bird;
  }

  private static Pair pair(Lab lab, String name) {
    Host observer = lab.host(name);
    Host origin = lab.host(name + "-origin");
    // The two ends of the veth get different interface numbers, which makes the kernel report
    // their carrier changes at once: it reports a change of an interface whose number equals its
    // link's (a physical NIC; here, a veth whose ends are both #2) in a batch at most once a second
    // for the whole machine, so a test elsewhere on it would otherwise delay the link-down cut by
    // up
    // to a second, for BIRD and Tabby alike. (No dummy module here: an unused veth pair takes the
    // numbers.)
    observer.ip("link", "add", "pad0", "type", "veth", "peer", "name", "pad1");
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

  private static boolean hasRoute(Host host) {
    return !host.execOk("ip", "route", "show", PREFIX).stdout().isBlank();
  }
}
