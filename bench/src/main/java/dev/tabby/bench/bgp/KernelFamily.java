package dev.tabby.bench.bgp;

/** The two tables the kernel benchmark loads, and how the kernel and {@code ip} name them. */
enum KernelFamily {
  IPV4("IPv4", "/28", 2, "-4", Topology.SENDER_ADDRESS),
  IPV6("IPv6", "/64", 10, "-6", Topology.SENDER_IPV6);

  private final String label;
  private final String prefixLength;
  private final int addressFamily;
  private final String ipOption;
  private final String nextHop;

  KernelFamily(
      String label, String prefixLength, int addressFamily, String ipOption, String nextHop) {
    this.label = label;
    this.prefixLength = prefixLength;
    this.addressFamily = addressFamily;
    this.ipOption = ipOption;
    this.nextHop = nextHop;
  }

  /** E.g. {@code IPv4 /28s}. */
  String routes() {
    return label + " " + prefixLength + "s";
  }

  /** AF_INET or AF_INET6. */
  int addressFamily() {
    return addressFamily;
  }

  /** {@code -4} or {@code -6}. */
  String ipOption() {
    return ipOption;
  }

  /** The sender's address of this family: every route's next hop. */
  String nextHop() {
    return nextHop;
  }

  /** The {@code index}-th prefix of this family's table, e.g. {@code 10.0.0.16/28}. */
  String prefix(int index) {
    return this == IPV4 ? Prefixes.nth(index) : Ipv6Stream.nth(index).toString();
  }
}
