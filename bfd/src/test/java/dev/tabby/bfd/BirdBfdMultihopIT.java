package dev.tabby.bfd;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;

/**
 * {@link BirdBfdIT} with a multihop session (RFC 5883) through a router. BIRD sends multihop
 * packets with the system's default TTL, 64, so they arrive here with 63: the session accepts TTL
 * 63 and more, which still refuses packets from further than one router away.
 */
class BirdBfdMultihopIT extends BirdBfdIT {
  @Override
  Path connect(Lab lab, Host tabby, Host peer) {
    return throughRouter(lab, tabby, peer, 63);
  }
}
