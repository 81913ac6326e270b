package dev.tabby.dataplane;

import dev.tabby.dataplane.netlink.Errno;
import dev.tabby.dataplane.netlink.NetlinkException;
import dev.tabby.net.IpAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A routing table in memory that answers as the kernel does: an addition on a taken key is refused
 * with EEXIST, a deletion must name the route's protocol (ESRCH otherwise), and a route through a
 * gateway that is "down" is refused with ENETUNREACH. It counts dumps and write batches.
 */
final class FakeKernel implements KernelRoutes {
  private final Map<RouteKey, Route> table = new LinkedHashMap<>();
  private final Set<IpAddress> unreachableGateways = new HashSet<>();
  private int dumps;
  private int batches;
  private int refusals;
  private CountDownLatch gate;
  private CountDownLatch gateReached;
  private boolean gateHoldsAnswers;

  @Override
  public List<RouteFailure> apply(RouteOperation operation, List<Route> routes) {
    boolean holdAnswer;
    synchronized (this) {
      holdAnswer = gateHoldsAnswers;
    }
    if (!holdAnswer) {
      awaitGate();
    }
    List<RouteFailure> failures = write(operation, routes);
    if (holdAnswer) {
      awaitGate();
    }
    return failures;
  }

  private synchronized List<RouteFailure> write(RouteOperation operation, List<Route> routes) {
    batches++;
    List<RouteFailure> failures = new ArrayList<>();
    for (Route route : routes) {
      int errno = applyOne(operation, route);
      if (errno != 0) {
        refusals++;
        failures.add(
            new RouteFailure(
                operation,
                route,
                NetlinkException.fromErrno(errno, operation.name().toLowerCase() + " " + route)));
      }
    }
    return failures;
  }

  private int applyOne(RouteOperation operation, Route route) {
    Route current = table.get(route.key());
    switch (operation) {
      case ADD -> {
        if (current != null) {
          return Errno.EEXIST;
        }
      }
      case REPLACE -> {}
      case DELETE -> {
        if (current == null || current.protocol() != route.protocol()) {
          return Errno.ESRCH;
        }
        table.remove(route.key());
        return 0;
      }
    }
    for (NextHop hop : route.nextHops()) {
      if (hop.gateway() != null && unreachableGateways.contains(hop.gateway())) {
        return Errno.ENETUNREACH;
      }
    }
    table.put(route.key(), route);
    return 0;
  }

  @Override
  public synchronized List<Route> routes(int family, int tableId, int protocol) {
    dumps++;
    return table.values().stream()
        .filter(r -> r.family() == family)
        .filter(r -> tableId == Netlink.ANY || r.table() == tableId)
        .filter(r -> protocol == Netlink.ANY || r.protocol() == protocol)
        .toList();
  }

  /** A change made behind the reconciler's back (by `ip`, another daemon or the kernel). */
  synchronized void put(Route route) {
    table.put(route.key(), route);
  }

  synchronized void remove(RouteKey key) {
    table.remove(key);
  }

  synchronized Route get(RouteKey key) {
    return table.get(key);
  }

  synchronized List<Route> routesOf(int protocol) {
    return table.values().stream().filter(r -> r.protocol() == protocol).toList();
  }

  /** Routes via the gateway are refused (ENETUNREACH) and, like the kernel's, dropped silently. */
  synchronized void gatewayDown(IpAddress gateway) {
    unreachableGateways.add(gateway);
    table.values().removeIf(r -> r.nextHops().stream().anyMatch(h -> gateway.equals(h.gateway())));
  }

  synchronized void gatewayUp(IpAddress gateway) {
    unreachableGateways.remove(gateway);
  }

  /** Each family's dump counts once. */
  synchronized int dumps() {
    return dumps;
  }

  synchronized int batches() {
    return batches;
  }

  synchronized int refusals() {
    return refusals;
  }

  /** Holds the next writes until {@link #openGate}; returns a latch counted down on arrival. */
  synchronized CountDownLatch closeGate() {
    gate = new CountDownLatch(1);
    gateReached = new CountDownLatch(1);
    gateHoldsAnswers = false;
    return gateReached;
  }

  /**
   * Applies the next writes at once but holds the answers until {@link #openGate}, as a kernel
   * whose state changes while the answer is on its way; returns a latch counted down on arrival.
   */
  synchronized CountDownLatch closeGateAfterWriting() {
    CountDownLatch reached = closeGate();
    gateHoldsAnswers = true;
    return reached;
  }

  void openGate() {
    CountDownLatch open;
    synchronized (this) {
      open = gate;
      gate = null;
    }
    open.countDown();
  }

  private void awaitGate() {
    CountDownLatch waitFor;
    synchronized (this) {
      waitFor = gate;
      if (gateReached != null) {
        gateReached.countDown();
      }
    }
    if (waitFor == null) {
      return;
    }
    try {
      if (!waitFor.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the fake kernel's gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
