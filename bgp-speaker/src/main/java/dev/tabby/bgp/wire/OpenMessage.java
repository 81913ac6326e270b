package dev.tabby.bgp.wire;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * The OPEN message (RFC 4271 §4.2).
 *
 * @param version the BGP version, 4
 * @param myAs the sender's real AS: from the 4-octet AS capability when present (RFC 6793); the
 *     encoder writes AS_TRANS (23456) into the 2-octet field when it does not fit
 * @param holdTime proposed hold time in seconds: 0 or at least 3
 * @param bgpIdentifier the sender's BGP identifier
 * @param capabilities the capabilities sent
 */
public record OpenMessage(
    int version, long myAs, int holdTime, Inet4Address bgpIdentifier, Capabilities capabilities)
    implements BgpMessage {
  /** The only version this speaker talks. */
  public static final int BGP_VERSION = 4;

  /** Stand-in for a 4-octet AS number in 2-octet fields (RFC 6793 §9). */
  public static final int AS_TRANS = 23456;

  public OpenMessage {
    Objects.requireNonNull(bgpIdentifier, "bgpIdentifier");
    Objects.requireNonNull(capabilities, "capabilities");
    if (myAs < 0 || myAs > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("AS number must be 0..4294967295: " + myAs);
    }
    if (holdTime < 0 || holdTime > 0xFFFF) {
      throw new IllegalArgumentException("hold time must be 0..65535 seconds: " + holdTime);
    }
  }

  /**
   * An OPEN for version 4; when {@code myAs} needs 4 octets the 4-octet AS capability must be in
   * the capabilities, so the peer can learn the real AS.
   */
  public static OpenMessage of(
      long myAs, int holdTime, Inet4Address bgpIdentifier, Capabilities capabilities) {
    return new OpenMessage(BGP_VERSION, myAs, holdTime, bgpIdentifier, capabilities);
  }

  @Override
  public int type() {
    return TYPE_OPEN;
  }
}
