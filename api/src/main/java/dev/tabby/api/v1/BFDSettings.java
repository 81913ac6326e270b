package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Bidirectional Forwarding Detection (RFC 5880) for a peering: with it, a BGP session goes down as
 * soon as BFD declares the path dead, after {@code multiplier} missed packets, rather than at
 * hold-time expiry. Single hop (RFC 5881) unless {@code multihop} says the peer is routers away
 * (RFC 5883).
 */
public class BFDSettings {
  @Default("false")
  private boolean enabled;

  /** The fastest this node wants to send BFD packets, in milliseconds. */
  @Default("300")
  @Min(1)
  @Max(60000)
  private int minTxMs = 300;

  /** The fastest this node can receive BFD packets, in milliseconds. */
  @Default("300")
  @Min(1)
  @Max(60000)
  private int minRxMs = 300;

  /** How many packets may be missed before the path is declared dead. */
  @Default("3")
  @Min(1)
  @Max(255)
  private int multiplier = 3;

  /**
   * The peer is not directly connected (eBGP multihop, iBGP to a loopback): BFD on UDP port 4784,
   * packets accepted down to {@code minimumTtl} instead of only TTL 255.
   */
  @Default("false")
  private boolean multihop;

  /**
   * With multihop, the lowest TTL a BFD packet may arrive with: 254 accepts a peer at most one
   * router away sending with TTL 255 (FRR); BIRD sends with 64, so a BIRD peer n routers away needs
   * 64 - n.
   */
  @Default("254")
  @Min(1)
  @Max(255)
  private int minimumTtl = 254;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getMinTxMs() {
    return minTxMs;
  }

  public void setMinTxMs(int minTxMs) {
    this.minTxMs = minTxMs;
  }

  public int getMinRxMs() {
    return minRxMs;
  }

  public void setMinRxMs(int minRxMs) {
    this.minRxMs = minRxMs;
  }

  public int getMultiplier() {
    return multiplier;
  }

  public void setMultiplier(int multiplier) {
    this.multiplier = multiplier;
  }

  public boolean isMultihop() {
    return multihop;
  }

  public void setMultihop(boolean multihop) {
    this.multihop = multihop;
  }

  public int getMinimumTtl() {
    return minimumTtl;
  }

  public void setMinimumTtl(int minimumTtl) {
    this.minimumTtl = minimumTtl;
  }
}
