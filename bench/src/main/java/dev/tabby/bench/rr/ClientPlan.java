package dev.tabby.bench.rr;

/**
 * Who is who in the reflector benchmark: the reflector at the first address of a /22 link, client
 * {@code i} at the reflector's address + 1 + i, and client {@code i} announcing the {@code i}-th
 * /26 of 10.64.0.0/16 with its own address as next hop. The driver configures the reflectors from
 * it and the simulator counts with it, so both agree on every address without a table.
 */
record ClientPlan(int clients) {

  static final long AS = 65000;
  static final int LINK_LENGTH = 22;
  static final int PREFIX_LENGTH = 26;

  /** 172.30.0.0/22: the link between the reflector and the clients, inside the lab's namespaces. */
  static final int LINK = ipv4(172, 30, 0, 0);

  /** 10.64.0.0: the first client's /26. */
  private static final int FIRST_PREFIX = ipv4(10, 64, 0, 0);

  /** Addresses on the /22 besides the network, the broadcast and the reflector. */
  static final int MAX_CLIENTS = (1 << (32 - LINK_LENGTH)) - 3;

  ClientPlan {
    if (clients < 2 || clients > MAX_CLIENTS) {
      throw new IllegalArgumentException(
          "the number of clients must be 2.." + MAX_CLIENTS + ", got " + clients);
    }
  }

  static int reflectorAddress() {
    return LINK + 1;
  }

  static String reflector() {
    return dotted(reflectorAddress());
  }

  static String link() {
    return dotted(LINK) + "/" + LINK_LENGTH;
  }

  int clientAddress(int client) {
    return reflectorAddress() + 1 + client;
  }

  String client(int client) {
    return dotted(clientAddress(client));
  }

  int prefixAddress(int client) {
    return FIRST_PREFIX + (client << (32 - PREFIX_LENGTH));
  }

  String prefix(int client) {
    return dotted(prefixAddress(client)) + "/" + PREFIX_LENGTH;
  }

  /** The client whose prefix this is, or -1 for a prefix no client announces. */
  int clientOf(int address, int length) {
    if (length != PREFIX_LENGTH) {
      return -1;
    }
    int offset = address - FIRST_PREFIX;
    int client = offset >>> (32 - PREFIX_LENGTH);
    boolean aligned = (offset & ((1 << (32 - PREFIX_LENGTH)) - 1)) == 0;
    return offset >= 0 && aligned && client < clients ? client : -1;
  }

  static String dotted(int address) {
    return (address >>> 24)
        + "."
        + (address >>> 16 & 0xFF)
        + "."
        + (address >>> 8 & 0xFF)
        + "."
        + (address & 0xFF);
  }

  private static int ipv4(int a, int b, int c, int d) {
    return a << 24 | b << 16 | c << 8 | d;
  }
}
