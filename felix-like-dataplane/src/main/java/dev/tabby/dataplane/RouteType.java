package dev.tabby.dataplane;

/** The kinds of route Tabby installs, with their rtm_type numbers. */
public enum RouteType {
  /** Forwarded via next hops. */
  UNICAST(1),
  /** Silently dropped. */
  BLACKHOLE(6),
  /** Dropped with an ICMP unreachable. */
  UNREACHABLE(7);

  private final int kernelType;

  RouteType(int kernelType) {
    this.kernelType = kernelType;
  }

  public int kernelType() {
    return kernelType;
  }

  /** The type for an rtm_type, or null for one Tabby does not manage (local, broadcast, ...). */
  public static RouteType fromKernel(int kernelType) {
    for (RouteType type : values()) {
      if (type.kernelType == kernelType) {
        return type;
      }
    }
    return null;
  }
}
