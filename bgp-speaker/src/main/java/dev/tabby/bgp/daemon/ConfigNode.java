package dev.tabby.bgp.daemon;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * A value of the YAML config together with its path ({@code peers[1].as}), so every check can name
 * the field it rejects.
 */
final class ConfigNode {

  private final JsonNode node;
  private final String path;

  ConfigNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  String path() {
    return path;
  }

  boolean present() {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  ConfigException error(String problem) {
    return new ConfigException(path, problem);
  }

  /** The child field; absent children are fine until a value is asked of them. */
  ConfigNode field(String name) {
    return new ConfigNode(
        node == null ? null : node.get(name), path.isEmpty() ? name : path + "." + name);
  }

  /** Checks this is a mapping with only {@code known} fields (a typo must not pass silently). */
  ConfigNode mapping(Set<String> known) {
    if (!present() || !node.isObject()) {
      throw error("must be a mapping with fields " + new TreeSet<>(known));
    }
    for (String name : node.propertyNames()) {
      if (!known.contains(name)) {
        throw new ConfigException(
            path.isEmpty() ? name : path + "." + name,
            "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
    return this;
  }

  /** Whether this is a mapping (of any fields). */
  boolean isMapping() {
    return present() && node.isObject();
  }

  /** The elements of a list; an absent list is empty. */
  List<ConfigNode> list() {
    List<ConfigNode> elements = new ArrayList<>();
    if (!present()) {
      return elements;
    }
    if (!node.isArray()) {
      throw error("must be a list");
    }
    for (int i = 0; i < node.size(); i++) {
      elements.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
    }
    return elements;
  }

  String text() {
    if (!present()) {
      throw error("is required");
    }
    if (!node.isValueNode() || node.isBoolean()) {
      throw error("must be a string, got " + node);
    }
    return node.asString();
  }

  String text(String fallback) {
    return present() ? text() : fallback;
  }

  long longIn(long min, long max) {
    if (!present()) {
      throw error("is required");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw error("must be a whole number " + min + ".." + max + ", got " + node);
    }
    long value = node.longValue();
    if (value < min || value > max) {
      throw error("must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  long longIn(long min, long max, long fallback) {
    return present() ? longIn(min, max) : fallback;
  }

  boolean bool(boolean fallback) {
    if (!present()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw error("must be true or false, got " + node);
    }
    return node.booleanValue();
  }

  InetAddress address() {
    String text = text();
    if (!InetAddresses.isInetAddress(text)) {
      throw error("must be an IPv4 or IPv6 address, got \"" + text + "\"");
    }
    return InetAddresses.forString(text);
  }

  InetAddress address(InetAddress fallback) {
    return present() ? address() : fallback;
  }

  Inet4Address ipv4() {
    InetAddress address = address();
    if (!(address instanceof Inet4Address ipv4)) {
      throw error(
          "must be an IPv4 address (a BGP identifier), got " + InetAddresses.toAddrString(address));
    }
    return ipv4;
  }
}
