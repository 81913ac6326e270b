package dev.tabby.testbench;

/**
 * A veth pair: {@code ifA} in host {@code a} cabled to {@code ifB} in host {@code b}, both up.
 * Created by {@link Lab#link}.
 */
public record Link(Host a, String ifA, Host b, String ifB) {

  /** Sets the MTU on both ends, as on a real cable both sides must agree. */
  public Link setMtu(int mtu) {
    a.setMtu(ifA, mtu);
    b.setMtu(ifB, mtu);
    return this;
  }

  @Override
  public String toString() {
    return a.name() + ":" + ifA + " <-> " + b.name() + ":" + ifB;
  }
}
