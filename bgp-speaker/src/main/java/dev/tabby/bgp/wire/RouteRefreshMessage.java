package dev.tabby.bgp.wire;

import java.util.Optional;

/** The ROUTE-REFRESH message (RFC 2918): asks the peer to re-send its routes of one family. */
public record RouteRefreshMessage(int afi, int safi) implements BgpMessage {
  public RouteRefreshMessage {
    if (afi < 0 || afi > 0xFFFF || safi < 0 || safi > 0xFF) {
      throw new IllegalArgumentException(
          "AFI must be 0..65535 and SAFI 0..255: " + afi + "/" + safi);
    }
  }

  public static RouteRefreshMessage of(AddressFamily family) {
    return new RouteRefreshMessage(family.afi(), family.safi());
  }

  /** The family asked for, or empty when this speaker does not know it. */
  public Optional<AddressFamily> family() {
    return AddressFamily.of(afi, safi);
  }

  @Override
  public int type() {
    return TYPE_ROUTE_REFRESH;
  }
}
