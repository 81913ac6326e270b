package dev.tabby.dataplane;

import dev.tabby.dataplane.netlink.NetlinkException;

/** A route of a batch that the kernel refused, and why. */
public record RouteFailure(RouteOperation operation, Route route, NetlinkException error) {
  @Override
  public String toString() {
    return error.getMessage();
  }
}
