package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Bidirectional Forwarding Detection (RFC 5880, single-hop RFC 5881) for a peering: with it, a BGP
 * session goes down as soon as BFD declares the path dead, after {@code multiplier} missed packets,
 * rather than at hold-time expiry.
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
}
