package dev.tabby.bfd;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;

/** The IPv6 variant of {@link FrrBfdIT}: hop limit 255 sent, and required on receive. */
class FrrBfdIpv6IT extends FrrBfdIT {
  @Override
  Path connect(Lab lab, Host tabby, Host peer) {
    return directLink(lab, tabby, peer, "fd77::", 64);
  }
}
