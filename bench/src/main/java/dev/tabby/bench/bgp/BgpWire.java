package dev.tabby.bench.bgp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The few BGP messages the stream recorder and replayer speak themselves, as bytes: an OPEN for AS
 * {@link Topology#AS} with IPv4 unicast and 4-octet AS capabilities, a KEEPALIVE, and reading one
 * whole message. Neither needs more: they stand in for a sender, not a speaker.
 */
final class BgpWire {
  static final int HEADER = 19;
  static final int OPEN = 1;
  static final int UPDATE = 2;
  static final int KEEPALIVE = 4;

  /** The hold time both propose; they send a KEEPALIVE every third of it. */
  static final int HOLD_SECONDS = 90;

  private BgpWire() {}

  static byte[] open(InetAddress routerId) {
    byte[] capabilities = {
      2,
      12, // one optional parameter (capabilities), 12 bytes:
      1,
      4,
      0,
      1,
      0,
      1, // multiprotocol IPv4 unicast
      65,
      4,
      0,
      0,
      (byte) (Topology.AS >> 8),
      (byte) Topology.AS // 4-octet AS
    };
    ByteBuffer body = ByteBuffer.allocate(10 + capabilities.length);
    body.put((byte) 4).putShort((short) Topology.AS).putShort((short) HOLD_SECONDS);
    body.put(routerId.getAddress()).put((byte) capabilities.length).put(capabilities);
    return message(OPEN, body.array());
  }

  static byte[] keepalive() {
    return message(KEEPALIVE, new byte[0]);
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
    return message[18];
  }

  static synchronized void write(OutputStream out, byte[] message) throws IOException {
    out.write(message);
    out.flush();
  }

  private static byte[] message(int type, byte[] body) {
    byte[] message = new byte[HEADER + body.length];
    Arrays.fill(message, 0, 16, (byte) 0xFF);
    message[16] = (byte) (message.length >> 8);
    message[17] = (byte) message.length;
    message[18] = (byte) type;
    System.arraycopy(body, 0, message, HEADER, body.length);
    return message;
  }
}
