package dev.tabby.bgp.wire;

import java.net.Inet4Address;
import java.util.Objects;

/** The AGGREGATOR attribute (RFC 4271 §5.1.7), with a 4-octet AS (RFC 6793). */
public record Aggregator(long asn, Inet4Address address) {
  public Aggregator {
    Objects.requireNonNull(address, "address");
  }
}
