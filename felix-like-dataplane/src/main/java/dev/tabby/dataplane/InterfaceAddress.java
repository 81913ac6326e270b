package dev.tabby.dataplane;

import dev.tabby.net.IpAddress;

/** An address assigned to an interface, e.g. 10.0.0.1/24 on interface 3. */
public record InterfaceAddress(int ifIndex, IpAddress address, int prefixLength) {
  public InterfaceAddress {
    if (prefixLength < 0 || prefixLength > address.bits()) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " out of range for " + address);
    }
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength + " on interface #" + ifIndex;
  }
}
