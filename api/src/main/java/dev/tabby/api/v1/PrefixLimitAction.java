package dev.tabby.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What exceeding a peer's prefix limit does; the words of the tabby-bgp daemon's {@code
 * prefixLimit.action}.
 */
public enum PrefixLimitAction {
  /**
   * End the session with Cease / Maximum Number of Prefixes Reached (RFC 4486 subcode 1) and keep
   * it down for the restart interval.
   */
  @JsonProperty("teardown")
  TEARDOWN,
  /** Log a warning, once per session, and keep the session and every route. */
  @JsonProperty("warn")
  WARN
}
