package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.BAD_BGP_IDENTIFIER;
import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNACCEPTABLE_HOLD_TIME;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;
import static dev.tabby.bgp.wire.NotificationCodes.UNSUPPORTED_OPTIONAL_PARAMETER;
import static dev.tabby.bgp.wire.NotificationCodes.UNSUPPORTED_VERSION_NUMBER;

import io.netty.buffer.ByteBuf;

/**
 * The OPEN message body (RFC 4271 §4.2) with capabilities (RFC 5492), also when a peer sends each
 * capability in its own optional parameter, and extended optional parameter lengths (RFC 9072).
 * Checks that need the session's configuration (peer AS, identifier collision) are the session's.
 */
final class OpenCodec {
  private static final int PARAMETER_CAPABILITIES = 2;

  /** RFC 9072: this in both the length and the first type octet announces 2-byte lengths. */
  private static final int EXTENDED_PARAMETERS = 255;

  private OpenCodec() {}

  static OpenMessage decode(ByteBuf body) throws BgpProtocolException {
    int version = body.readUnsignedByte();
    if (version != OpenMessage.BGP_VERSION) {
      // The data is the largest version we support, as a 2-byte number (RFC 4271 §6.2).
      throw new BgpProtocolException(
          OPEN_MESSAGE_ERROR,
          UNSUPPORTED_VERSION_NUMBER,
          new byte[] {0, OpenMessage.BGP_VERSION},
          "peer speaks BGP version " + version + ", we speak 4");
    }
    int myAs = body.readUnsignedShort();
    int holdTime = body.readUnsignedShort();
    if (holdTime == 1 || holdTime == 2) {
      throw new BgpProtocolException(
          OPEN_MESSAGE_ERROR, UNACCEPTABLE_HOLD_TIME, "hold time " + holdTime + " is below 3");
    }
    int identifier = body.readInt();
    if (identifier == 0) {
      throw new BgpProtocolException(
          OPEN_MESSAGE_ERROR, BAD_BGP_IDENTIFIER, "BGP identifier is 0.0.0.0");
    }
    int parametersLength = body.readUnsignedByte();
    boolean extended = false;
    if (parametersLength == EXTENDED_PARAMETERS
        && body.isReadable()
        && body.getUnsignedByte(body.readerIndex()) == EXTENDED_PARAMETERS) {
      body.skipBytes(1);
      if (body.readableBytes() < 2) {
        throw malformed("extended optional parameters length truncated");
      }
      parametersLength = body.readUnsignedShort();
      extended = true;
    }
    if (parametersLength != body.readableBytes()) {
      throw malformed(
          "optional parameters length "
              + parametersLength
              + " but "
              + body.readableBytes()
              + " bytes follow");
    }
    Capabilities.Builder capabilities = Capabilities.builder();
    int headerLength = extended ? 3 : 2;
    while (body.isReadable()) {
      if (body.readableBytes() < headerLength) {
        throw malformed("optional parameter header truncated");
      }
      int type = body.readUnsignedByte();
      int length = extended ? body.readUnsignedShort() : body.readUnsignedByte();
      if (length > body.readableBytes()) {
        throw malformed("optional parameter " + type + " of " + length + " bytes overruns OPEN");
      }
      ByteBuf value = body.readSlice(length);
      if (type != PARAMETER_CAPABILITIES) {
        throw new BgpProtocolException(
            OPEN_MESSAGE_ERROR,
            UNSUPPORTED_OPTIONAL_PARAMETER,
            "unsupported optional parameter type " + type);
      }
      CapabilityCodec.read(value, capabilities);
    }
    Capabilities caps = capabilities.build();
    long realAs = caps.fourOctetAs().orElse(myAs);
    return new OpenMessage(version, realAs, holdTime, WireAddresses.ipv4(identifier), caps);
  }

  private static BgpProtocolException malformed(String reason) {
    return new BgpProtocolException(OPEN_MESSAGE_ERROR, UNSPECIFIC, reason);
  }

  /**
   * Writes the body. All capabilities go in one optional parameter; when that exceeds 255 bytes the
   * RFC 9072 encoding is used.
   */
  static void encode(ByteBuf out, OpenMessage open) {
    out.writeByte(open.version());
    out.writeShort(open.myAs() > 0xFFFF ? OpenMessage.AS_TRANS : (int) open.myAs());
    out.writeShort(open.holdTime());
    out.writeBytes(open.bgpIdentifier().getAddress());
    int capabilitiesLength = CapabilityCodec.size(open.capabilities());
    if (capabilitiesLength == 0) {
      out.writeByte(0);
    } else if (capabilitiesLength + 2 <= 255) {
      out.writeByte(capabilitiesLength + 2);
      out.writeByte(PARAMETER_CAPABILITIES).writeByte(capabilitiesLength);
      CapabilityCodec.write(out, open.capabilities());
    } else {
      out.writeByte(EXTENDED_PARAMETERS).writeByte(EXTENDED_PARAMETERS);
      out.writeShort(capabilitiesLength + 3);
      out.writeByte(PARAMETER_CAPABILITIES).writeShort(capabilitiesLength);
      CapabilityCodec.write(out, open.capabilities());
    }
  }
}
