package dev.tabby.bgp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The NOTIFICATION message (RFC 4271 §4.5); codes in {@link NotificationCodes}.
 *
 * @param code error code, 0..255
 * @param subcode error subcode, 0..255
 * @param data diagnostic data; copied in and out
 */
public record NotificationMessage(int code, int subcode, byte[] data) implements BgpMessage {
  /** Longest data that fits a 4096-byte message (19 header + 2 code bytes). */
  public static final int MAX_DATA_LENGTH = 4096 - 21;

  private static final byte[] NO_DATA = new byte[0];

  public NotificationMessage {
    if (code < 0 || code > 0xFF || subcode < 0 || subcode > 0xFF) {
      throw new IllegalArgumentException(
          "notification code and subcode must be 0..255: " + code + "/" + subcode);
    }
    data = data.length == 0 ? NO_DATA : data.clone();
    if (data.length > MAX_DATA_LENGTH) {
      data = Arrays.copyOf(data, MAX_DATA_LENGTH);
    }
  }

  /** A notification without data. */
  public static NotificationMessage of(int code, int subcode) {
    return new NotificationMessage(code, subcode, NO_DATA);
  }

  /**
   * A Cease with an RFC 8203 shutdown communication: a length byte and up to 255 bytes of UTF-8.
   * The message is cut at a character boundary when too long.
   */
  public static NotificationMessage cease(int subcode, String communication) {
    byte[] text = communication.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(text.length, 255);
    while (length < text.length && (text[length] & 0xC0) == 0x80) {
      length--;
    }
    byte[] data = new byte[length + 1];
    data[0] = (byte) length;
    System.arraycopy(text, 0, data, 1, length);
    return new NotificationMessage(NotificationCodes.CEASE, subcode, data);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Length of the data, without copying it. */
  public int dataLength() {
    return data.length;
  }

  @Override
  public int type() {
    return TYPE_NOTIFICATION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NotificationMessage n
        && n.code == code
        && n.subcode == subcode
        && Arrays.equals(n.data, data);
  }

  @Override
  public int hashCode() {
    return (code * 31 + subcode) * 31 + Arrays.hashCode(data);
  }

  /**
   * E.g. "UPDATE Message Error / Malformed AS_PATH (data 0102)"; a Hard Reset names the
   * NOTIFICATION it carries (RFC 8538 §3): "Cease / Hard Reset: Cease / Peer De-configured".
   */
  @Override
  public String toString() {
    String name = NotificationCodes.describe(code, subcode);
    if (code == NotificationCodes.CEASE
        && subcode == NotificationCodes.HARD_RESET
        && data.length >= 2) {
      NotificationMessage inner =
          new NotificationMessage(
              data[0] & 0xFF, data[1] & 0xFF, Arrays.copyOfRange(data, 2, data.length));
      return name + ": " + inner;
    }
    String communication = shutdownCommunication();
    if (communication != null) {
      return name + ": \"" + communication + "\"";
    }
    return data.length == 0 ? name : name + " (data " + HexFormat.of().formatHex(data) + ")";
  }

  /** The RFC 8203 text of an administrative shutdown or reset, or null when there is none. */
  public String shutdownCommunication() {
    boolean shutdownOrReset =
        code == NotificationCodes.CEASE
            && (subcode == NotificationCodes.ADMINISTRATIVE_SHUTDOWN
                || subcode == NotificationCodes.ADMINISTRATIVE_RESET);
    if (!shutdownOrReset || data.length == 0 || (data[0] & 0xFF) != data.length - 1) {
      return null;
    }
    return new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
  }
}
