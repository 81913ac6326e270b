package dev.tabby.node;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the node's BGP address of one family is found: {@code first-found}, {@code interface=REGEX},
 * {@code can-reach=ADDRESS}, {@code kubernetes-internal-ip}, or {@code none} (no address of this
 * family).
 */
public sealed interface AutodetectionMethod {

  /** The first global address of an up interface that is not a container or loopback one. */
  record FirstFound() implements AutodetectionMethod {
    @Override
    public String toString() {
      return "first-found";
    }
  }

  /** The first global address of an interface whose whole name matches. */
  record Interface(Pattern names) implements AutodetectionMethod {
    @Override
    public String toString() {
      return "interface=" + names.pattern();
    }
  }

  /** The address the kernel would send from to reach {@code destination}. */
  record CanReach(InetAddress destination) implements AutodetectionMethod {
    @Override
    public String toString() {
      return "can-reach=" + InetAddresses.toAddrString(destination);
    }
  }

  /** The Node's InternalIP of this family, as the kubelet reported it. */
  record KubernetesInternalIp() implements AutodetectionMethod {
    @Override
    public String toString() {
      return "kubernetes-internal-ip";
    }
  }

  /** No address of this family: the node does not speak BGP over it. */
  record None() implements AutodetectionMethod {
    @Override
    public String toString() {
      return "none";
    }
  }

  /**
   * @param variable the environment variable the text came from, for the error message
   * @throws ConfigException when the text is none of the methods
   */
  static AutodetectionMethod parse(String variable, String text) {
    String method = text.trim();
    if (method.equals("first-found")) {
      return new FirstFound();
    }
    if (method.equals("kubernetes-internal-ip")) {
      return new KubernetesInternalIp();
    }
    if (method.equals("none")) {
      return new None();
    }
    if (method.startsWith("interface=")) {
      try {
        return new Interface(Pattern.compile(method.substring("interface=".length())));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(
            variable + "=" + text + ": not a regular expression: " + e.getDescription());
      }
    }
    if (method.startsWith("can-reach=")) {
      String address = method.substring("can-reach=".length());
      if (!InetAddresses.isInetAddress(address)) {
        throw new ConfigException(variable + "=" + text + ": can-reach needs an IP address");
      }
      return new CanReach(InetAddresses.forString(address));
    }
    throw new ConfigException(
        variable
            + "="
            + text
            + " is not first-found, interface=REGEX, can-reach=ADDRESS, kubernetes-internal-ip"
            + " or none");
  }
}
