package dev.tabby.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An optional transitive path attribute this speaker does not interpret; it is passed on unchanged
 * except that the Partial bit is set when re-advertised (RFC 4271 §5).
 *
 * @param flags the attribute flags as received (only the high four bits are meaningful)
 * @param typeCode the attribute type code
 * @param value the attribute value; copied in and out
 */
public record UnknownAttribute(int flags, int typeCode, byte[] value) {
  public UnknownAttribute {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** Length of the value, without copying it. */
  public int length() {
    return value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownAttribute a
        && a.flags == flags
        && a.typeCode == typeCode
        && Arrays.equals(a.value, value);
  }

  @Override
  public int hashCode() {
    return (flags * 31 + typeCode) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "UnknownAttribute[flags=0x"
        + Integer.toHexString(flags)
        + ", type="
        + typeCode
        + ", value="
        + HexFormat.of().formatHex(value)
        + "]";
  }
}
