package dev.tabby.dataplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-interface network sysctls. Files under /proc/sys/net belong to the network namespace of the
 * thread that opens them: to set them for another namespace, call these from {@link
 * NetworkNamespace#run}.
 */
public final class Sysctls {
  private static final Path ROOT = Path.of("/proc/sys");

  private Sysctls() {}

  public static void setIpv4Forwarding(String ifName, boolean enabled) {
    write("net/ipv4/conf/" + checked(ifName) + "/forwarding", enabled);
  }

  public static void setIpv6Forwarding(String ifName, boolean enabled) {
    write("net/ipv6/conf/" + checked(ifName) + "/forwarding", enabled);
  }

  /** Answer ARP for addresses this host routes elsewhere (how a pod reaches its gateway). */
  public static void setProxyArp(String ifName, boolean enabled) {
    write("net/ipv4/conf/" + checked(ifName) + "/proxy_arp", enabled);
  }

  /** Reads a sysctl by its path below /proc/sys, e.g. "net/ipv4/conf/eth0/forwarding". */
  public static String read(String key) {
    Path file = ROOT.resolve(key);
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read sysctl " + file + ": " + e.getMessage(), e);
    }
  }

  public static void write(String key, String value) {
    Path file = ROOT.resolve(key);
    try {
      Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write '" + value + "' to sysctl " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(String key, boolean enabled) {
    write(key, enabled ? "1" : "0");
  }

  private static String checked(String ifName) {
    if (ifName.isEmpty() || ifName.contains("/") || ifName.equals(".") || ifName.equals("..")) {
      throw new IllegalArgumentException("not an interface name: '" + ifName + "'");
    }
    return ifName;
  }
}
