package dev.tabby.bench.bgp;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.BgpCodec;
import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.Capabilities;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.KeepaliveMessage;
import dev.tabby.bgp.wire.OpenMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * What the stream recorder and replayer need of BGP over a plain socket: their OPEN (AS {@link
 * Topology#AS}, IPv4 and IPv6 unicast, 4-octet AS) and KEEPALIVE, encoded by the speaker's own
 * codec, and reading one whole message from the stream. They stand in for a sender, not a speaker.
 */
public final class BgpWire {
  static final int UPDATE = BgpMessage.TYPE_UPDATE;
  static final int KEEPALIVE = BgpMessage.TYPE_KEEPALIVE;

  /** The hold time both propose; they send a KEEPALIVE every third of it. */
  static final int HOLD_SECONDS = 90;

  private static final int HEADER = 19;
  private static final byte[] KEEPALIVE_MESSAGE = encode(KeepaliveMessage.INSTANCE);

  private BgpWire() {}

  static byte[] open(InetAddress routerId) {
    Capabilities capabilities =
        Capabilities.builder()
            .multiprotocol(AddressFamily.IPV4_UNICAST)
            .multiprotocol(AddressFamily.IPV6_UNICAST)
            .fourOctetAs(Topology.AS)
            .build();
    return encode(OpenMessage.of(Topology.AS, HOLD_SECONDS, (Inet4Address) routerId, capabilities));
  }

  public static byte[] keepalive() {
    return KEEPALIVE_MESSAGE;
  }

  /** One whole message, header included. */
  static byte[] read(DataInputStream in) throws IOException {
    byte[] header = new byte[HEADER];
    in.readFully(header);
    int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
    if (length < HEADER || length > 65_535) {
      throw new IOException("bad BGP message length " + length);
    }
    byte[] message = Arrays.copyOf(header, length);
    in.readFully(message, HEADER, length - HEADER);
    return message;
  }

  static int type(byte[] message) {
    return message[HEADER - 1];
  }

  static synchronized void write(OutputStream out, byte[] message) throws IOException {
    out.write(message);
    out.flush();
  }

  /** One message, encoded by the speaker's own codec. */
  public static byte[] encode(BgpMessage message) {
    ByteBuf encoded = Unpooled.buffer();
    try {
      BgpCodec.encode(message, CodecContext.DEFAULT, encoded);
      return ByteBufUtil.getBytes(encoded);
    } finally {
      encoded.release();
    }
  }
}
