package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * How many prefixes of one address family a peer may have accepted at once (after import policy),
 * and what happens beyond that (RFC 4271 §6.7). The fields of the tabby-bgp daemon's {@code
 * prefixLimit}, with the restart interval in seconds as every BGPPeer time is.
 */
public class PrefixLimitSettings {
  /** The most prefixes held from the peer; one more exceeds the limit. */
  @Required
  @Min(0)
  @Max(4294967295L)
  private Long maximum;

  /** At this share of the maximum a warning is logged, once per session. */
  @Default("80")
  @Min(1)
  @Max(100)
  private int warningPercent = 80;

  @Default("teardown")
  private PrefixLimitAction action = PrefixLimitAction.TEARDOWN;

  /** With {@code teardown}, how long the session stays down before it connects again. */
  @Default("300")
  @Min(1)
  @Max(86400)
  private int restartIntervalSeconds = 300;

  public Long getMaximum() {
    return maximum;
  }

  public void setMaximum(Long maximum) {
    this.maximum = maximum;
  }

  public int getWarningPercent() {
    return warningPercent;
  }

  public void setWarningPercent(int warningPercent) {
    this.warningPercent = warningPercent;
  }

  public PrefixLimitAction getAction() {
    return action;
  }

  public void setAction(PrefixLimitAction action) {
    this.action = action;
  }

  public int getRestartIntervalSeconds() {
    return restartIntervalSeconds;
  }

  public void setRestartIntervalSeconds(int restartIntervalSeconds) {
    this.restartIntervalSeconds = restartIntervalSeconds;
  }
}
