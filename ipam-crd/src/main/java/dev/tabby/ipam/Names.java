package dev.tabby.ipam;

import dev.tabby.ipam.net.Cidr;
import java.util.Locale;

/**
 * Deterministic object names, so that creating an object is itself a compare-and-swap: two nodes
 * claiming the same block both try to create the IPAMBlock of that name, and one loses.
 */
public final class Names {
  /** Label on every BlockAffinity naming its node, so a node lists only its own. */
  public static final String NODE_LABEL = "tabby.dev/node";

  private Names() {}

  public static String block(Cidr cidr) {
    return cidr.toName();
  }

  public static String affinity(String node, Cidr cidr) {
    return node + "-" + cidr.toName();
  }

  /** A handle ID (network name + container ID) made into a valid object name. */
  public static String handle(String handleId) {
    return handleId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
  }
}
