package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Route notifications, the links reported at start, and what happens when notifications overflow
 * the socket.
 */
class NetlinkMonitorIT {
  @Test
  void routeChangesAreReportedAndAnOverflowAsksForAResync() throws Exception {
    try (Lab lab = Lab.create()) {
      Host host = hostWithLink(lab, "mon");
      CountDownLatch release = new CountDownLatch(1);
      List<Route> seen = new ArrayList<>();
      AtomicInteger overruns = new AtomicInteger();
      List<Link> links = new ArrayList<>();
      NetlinkMonitor.Listener slowListener =
          new NetlinkMonitor.Listener() {
            @Override
            public void linkChanged(Link link, boolean deleted) {
              synchronized (links) {
                links.add(link);
              }
            }

            @Override
            public void routeChanged(Route route, boolean deleted) {
              synchronized (seen) {
                seen.add(route);
              }
              awaitQuietly(release);
            }

            @Override
            public void overrun() {
              overruns.incrementAndGet();
            }
          };
      try (NetworkNamespace namespace = NetworkNamespace.open(host.namespacePath());
          Netlink netlink = namespace.openNetlink();
          // A small buffer that a stalled listener lets overflow.
          NetlinkMonitor monitor =
              namespace.call(() -> NetlinkMonitor.start(slowListener, 64 * 1024))) {
        // Every link present at the start is reported before start returns.
        synchronized (links) {
          assertThat(links).anySatisfy(link -> assertThat(link.name()).isEqualTo("d0"));
          assertThat(links).filteredOn(link -> link.name().equals("d0")).allMatch(Link::up);
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
          routes.add(
              Route.via(
                      IpPrefix.parse("10.60." + (i / 256) + "." + (i % 256) + "/32"),
                      IpAddress.parse("192.0.2.2"))
                  .withProtocol(81));
        }
        assertThat(netlink.apply(RouteOperation.ADD, routes)).isEmpty();
        release.countDown();

        Wait.until(
            "the monitor to report an overflow", Duration.ofSeconds(10), () -> overruns.get() > 0);
        synchronized (seen) {
          assertThat(routes.get(0).isSatisfiedBy(seen.get(0)))
              .as("first notification %s", seen.get(0))
              .isTrue();
          assertThat(seen.size()).isLessThan(routes.size());
        }
      }
    }
  }

  @Test
  void theEchoesOfTheListenersOwnWritesAreSkipped() throws Exception {
    try (Lab lab = Lab.create()) {
      Host host = hostWithLink(lab, "echo");
      List<Route> seen = new ArrayList<>();
      try (NetworkNamespace namespace = NetworkNamespace.open(host.namespacePath());
          Netlink ours = namespace.openNetlink();
          Netlink theirs = namespace.openNetlink()) {
        NetlinkMonitor.Listener listener =
            new NetlinkMonitor.Listener() {
              @Override
              public boolean isOwnPort(int portId) {
                return portId == ours.portId();
              }

              @Override
              public void routeChanged(Route route, boolean deleted) {
                synchronized (seen) {
                  seen.add(route);
                }
              }

              @Override
              public void overrun() {}
            };
        Route mine = Route.via(IpPrefix.parse("10.61.0.0/24"), IpAddress.parse("192.0.2.2"));
        Route other = Route.via(IpPrefix.parse("10.61.1.0/24"), IpAddress.parse("192.0.2.2"));
        try (NetlinkMonitor monitor = namespace.call(() -> NetlinkMonitor.start(listener))) {
          assertThat(ours.portId()).isNotZero().isNotEqualTo(theirs.portId());
          assertThat(ours.apply(RouteOperation.ADD, List.of(mine.withProtocol(81)))).isEmpty();
          assertThat(theirs.apply(RouteOperation.ADD, List.of(other.withProtocol(81)))).isEmpty();

          Wait.until(
              "the other socket's route to be reported",
              Duration.ofSeconds(10),
              () -> {
                synchronized (seen) {
                  return seen.stream().anyMatch(r -> r.destination().equals(other.destination()));
                }
              });
          synchronized (seen) {
            assertThat(seen)
                .as("routes reported")
                .noneMatch(r -> r.destination().equals(mine.destination()));
          }
        }
      }
    }
  }

  /** A host whose link d0 (a veth) is up with 192.0.2.1/24. */
  private static Host hostWithLink(Lab lab, String name) {
    Host host = lab.host(name);
    host.execOk("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
    host.execOk("ip", "link", "set", "d0peer", "up");
    host.execOk("ip", "link", "set", "d0", "up");
    host.addAddress("d0", "192.0.2.1/24");
    return host;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
