package dev.tabby.bfd;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;

/**
 * {@link FrrBfdIT} with a multihop session (RFC 5883) through a router: both sides send with TTL
 * 255 and accept 254 or more, so one router may lie between them.
 */
class FrrBfdMultihopIT extends FrrBfdIT {
  @Override
  Path connect(Lab lab, Host tabby, Host peer) {
    return throughRouter(lab, tabby, peer, BfdPeer.DEFAULT_MULTIHOP_MINIMUM_TTL);
  }
}
