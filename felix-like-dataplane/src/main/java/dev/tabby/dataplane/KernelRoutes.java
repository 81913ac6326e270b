package dev.tabby.dataplane;

import java.util.List;

/**
 * The kernel's routing tables as the route reconciler uses them: batches of writes and dumps.
 * {@link Netlink} is the real one; tests put a table in memory behind it, so the reconciler's diff,
 * retry and repair logic runs without root.
 */
public interface KernelRoutes {
  /** Applies one operation to many routes; returns the routes refused, each with its error. */
  List<RouteFailure> apply(RouteOperation operation, List<Route> routes);

  /**
   * The routes of a family (AddressFamilies.AF_INET or AF_INET6) in one table and of one protocol
   * ({@link Netlink#ANY} for all).
   */
  List<Route> routes(int family, int table, int protocol);

  /**
   * The netlink port id of the socket that writes, which the kernel puts in the notifications of
   * those writes (nlmsg_pid); 0 when the writes are not netlink's.
   */
  default int portId() {
    return 0;
  }
}
