package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;

import com.google.common.collect.Maps;
import io.netty.buffer.ByteBuf;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ADD-PATH capability (RFC 7911 §4): per address family, whether the sender can receive, send,
 * or both receive and send several paths per prefix, each NLRI preceded by a 4-byte path
 * identifier. Empty ({@link #NONE}) means the capability is not sent.
 *
 * @param families the direction offered per family, in AFI/SAFI order
 */
public record AddPath(Map<AddressFamily, Direction> families) {
  /** No ADD-PATH: the capability is left out of the OPEN. */
  public static final AddPath NONE = new AddPath(Map.of());

  /** Bytes per family in the capability value: AFI (2), SAFI (1), Send/Receive (1). */
  static final int ENTRY_BYTES = 4;

  /** The Send/Receive field (RFC 7911 §4). */
  public enum Direction {
    RECEIVE(1),
    SEND(2),
    BOTH(3);

    private final int code;

    Direction(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public boolean receives() {
      return this != SEND;
    }

    public boolean sends() {
      return this != RECEIVE;
    }

    /** The direction with this code, or null for a value RFC 7911 does not define. */
    static Direction of(int code) {
      for (Direction direction : values()) {
        if (direction.code == code) {
          return direction;
        }
      }
      return null;
    }
  }

  public AddPath {
    EnumMap<AddressFamily, Direction> sorted = new EnumMap<>(AddressFamily.class);
    sorted.putAll(families);
    families = Maps.immutableEnumMap(sorted);
  }

  /** The same direction for each of the families. */
  public static AddPath of(Iterable<AddressFamily> families, Direction direction) {
    Map<AddressFamily, Direction> map = new EnumMap<>(AddressFamily.class);
    families.forEach(family -> map.put(family, direction));
    return new AddPath(map);
  }

  public boolean isEmpty() {
    return families.isEmpty();
  }

  /** Encoded size of the capability value. */
  int valueSize() {
    return families.size() * ENTRY_BYTES;
  }

  /**
   * Reads a capability value. Families this speaker does not know, and a Send/Receive value other
   * than 1 to 3, offer nothing: their entries are skipped, as for a family not listed.
   *
   * @throws BgpProtocolException OPEN Message Error / Unspecific when the value is not whole
   *     entries
   */
  static AddPath read(ByteBuf value) throws BgpProtocolException {
    if (value.readableBytes() % ENTRY_BYTES != 0) {
      throw new BgpProtocolException(
          OPEN_MESSAGE_ERROR,
          UNSPECIFIC,
          "capability "
              + Capabilities.ADD_PATH
              + " has invalid length "
              + value.readableBytes()
              + " (not a multiple of 4)");
    }
    Map<AddressFamily, Direction> families = new EnumMap<>(AddressFamily.class);
    while (value.isReadable()) {
      int afi = value.readUnsignedShort();
      int safi = value.readUnsignedByte();
      Direction direction = Direction.of(value.readUnsignedByte());
      if (direction != null) {
        AddressFamily.of(afi, safi).ifPresent(family -> families.put(family, direction));
      }
    }
    return new AddPath(families);
  }

  /** Writes the capability value. */
  void writeValue(ByteBuf out) {
    families.forEach(
        (family, direction) ->
            out.writeShort(family.afi()).writeByte(family.safi()).writeByte(direction.code()));
  }
}
