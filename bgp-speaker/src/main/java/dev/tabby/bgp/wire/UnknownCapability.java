package dev.tabby.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A capability (RFC 5492) this speaker does not interpret, kept so it can be logged and re-encoded.
 *
 * @param code the capability code, 0..255
 * @param value the capability value; copied in and out
 */
public record UnknownCapability(int code, byte[] value) {
  public UnknownCapability {
    if (code < 0 || code > 0xFF || value.length > 0xFF) {
      throw new IllegalArgumentException(
          "capability code must be 0..255 and value at most 255 bytes: " + code);
    }
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownCapability c && c.code == code && Arrays.equals(c.value, value);
  }

  @Override
  public int hashCode() {
    return code * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "UnknownCapability[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
  }
}
