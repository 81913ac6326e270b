package dev.tabby.dataplane;

import dev.tabby.net.IpFamily;

/** The kernel's numbers for the address families, as netlink messages and dumps carry them. */
public final class AddressFamilies {
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;

  private AddressFamilies() {}

  /** The kernel's number for the family. */
  public static int of(IpFamily family) {
    return family == IpFamily.V4 ? AF_INET : AF_INET6;
  }
}
