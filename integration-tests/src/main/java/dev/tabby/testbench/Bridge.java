package dev.tabby.testbench;

/**
 * A Linux bridge inside a host: a switch that other hosts are cabled to with {@link #attach(Host,
 * String)}. Created by {@link Lab#bridge(Host, String)}.
 */
public final class Bridge {

  private final Lab lab;
  private final Host host;
  private final String name;

  Bridge(Lab lab, Host host, String name) {
    this.lab = lab;
    this.host = host;
    this.name = name;
  }

  public Host host() {
    return host;
  }

  public String name() {
    return name;
  }

  /**
   * Cables {@code other}'s interface {@code ifname} to a new port of this bridge and returns the
   * link (its {@code b} end is the bridge port, named by the lab).
   */
  public Link attach(Host other, String ifname) {
    Link link = lab.link(other, ifname, host, lab.nextPortName());
    host.ip("link", "set", "dev", link.ifB(), "master", name);
    return link;
  }

  @Override
  public String toString() {
    return host.name() + ":" + name;
  }
}
