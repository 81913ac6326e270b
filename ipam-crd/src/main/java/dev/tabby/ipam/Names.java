package dev.tabby.ipam;

import dev.tabby.net.IpPrefix;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Deterministic object names, so that creating an object is itself a compare-and-swap: two nodes
 * claiming the same block both try to create the IPAMBlock of that name, and one loses.
 */
public final class Names {
  /** Label on every BlockAffinity naming its node, so a node lists only its own. */
  public static final String NODE_LABEL = "tabby.dev/node";

  private Names() {}

  /** The IPAMBlock's name: every octet or group and the length, joined by dashes. */
  public static String block(IpPrefix cidr) {
    return addressPart(cidr) + "-" + cidr.length();
  }

  public static String affinity(String node, IpPrefix cidr) {
    return node + "-" + block(cidr);
  }

  /** "10-244-0-64", or every IPv6 group uncompressed: "fd00-10-244-0-0-0-0-c0". */
  private static String addressPart(IpPrefix cidr) {
    if (cidr.isIpv4()) {
      return cidr.address().toString().replace('.', '-');
    }
    StringJoiner groups = new StringJoiner("-");
    for (int i = 3; i >= 0; i--) {
      groups.add(Integer.toHexString((int) (cidr.highBits() >>> 16 * i) & 0xFFFF));
    }
    for (int i = 3; i >= 0; i--) {
      groups.add(Integer.toHexString((int) (cidr.lowBits() >>> 16 * i) & 0xFFFF));
    }
    return groups.toString();
  }

  /** A handle ID (network name + container ID) made into a valid object name. */
  public static String handle(String handleId) {
    return handleId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
  }
}
