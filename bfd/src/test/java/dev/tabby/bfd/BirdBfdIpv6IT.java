package dev.tabby.bfd;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;

/** The IPv6 variant of {@link BirdBfdIT}: hop limit 255 sent, and required on receive. */
class BirdBfdIpv6IT extends BirdBfdIT {
  @Override
  Path connect(Lab lab, Host tabby, Host peer) {
    return directLink(lab, tabby, peer, "fd77::", 64);
  }
}
