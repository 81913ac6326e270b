package dev.tabby.dataplane;

import dev.tabby.net.IpAddress;

/**
 * Where a unicast route sends packets: a gateway, an interface (by index), or both; with a weight
 * (1..256) that shares traffic among the next hops of a multipath route.
 *
 * @param gateway null for a route straight out of the device
 * @param ifIndex 0 to let the kernel find the interface that reaches the gateway
 */
public record NextHop(IpAddress gateway, int ifIndex, int weight) {
  public NextHop {
    if (gateway == null && ifIndex <= 0) {
      throw new IllegalArgumentException("a next hop needs a gateway or an interface");
    }
    if (weight < 1 || weight > 256) {
      throw new IllegalArgumentException("next-hop weight " + weight + " is not in 1..256");
    }
  }

  public static NextHop via(IpAddress gateway) {
    return new NextHop(gateway, 0, 1);
  }

  public static NextHop via(IpAddress gateway, int ifIndex) {
    return new NextHop(gateway, ifIndex, 1);
  }

  public static NextHop device(int ifIndex) {
    return new NextHop(null, ifIndex, 1);
  }

  public NextHop withWeight(int newWeight) {
    return new NextHop(gateway, ifIndex, newWeight);
  }

  /**
   * Whether a next hop read back from the kernel is this one: an interface left to the kernel (0)
   * matches whichever it chose.
   */
  public boolean isSatisfiedBy(NextHop installed) {
    return java.util.Objects.equals(gateway, installed.gateway)
        && (ifIndex == 0 || ifIndex == installed.ifIndex)
        && weight == installed.weight;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (gateway != null) {
      text.append("via ").append(gateway);
    }
    if (ifIndex > 0) {
      text.append(text.length() > 0 ? " " : "").append("dev #").append(ifIndex);
    }
    if (weight != 1) {
      text.append(" weight ").append(weight);
    }
    return text.toString();
  }
}
