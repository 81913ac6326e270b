package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Addresses or CIDRs that are never assigned. */
public class IPReservationSpec {
  @Required private List<String> reservedCIDRs = new ArrayList<>();

  public List<String> getReservedCIDRs() {
    return reservedCIDRs;
  }

  public void setReservedCIDRs(List<String> reservedCIDRs) {
    this.reservedCIDRs = reservedCIDRs;
  }
}
