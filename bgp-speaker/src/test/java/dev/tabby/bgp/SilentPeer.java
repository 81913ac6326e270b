package dev.tabby.bgp;

import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.BgpCodec;
import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.BgpProtocolException;
import dev.tabby.bgp.wire.Capabilities;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.KeepaliveMessage;
import dev.tabby.bgp.wire.OpenMessage;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.PathIdFamilies;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A BGP peer on a plain socket that reads only when told to: it opens the session, then leaves what
 * the speaker sends in the socket (a stuck receiver) until {@link #readAvailable()} is called. Its
 * receive buffer is small, so the speaker soon finds the connection full.
 */
final class SilentPeer implements AutoCloseable {
  private static final int HEADER_LENGTH = 19;
  private static final int RECEIVE_BUFFER = 4096;

  private final Socket socket;
  private final DataInputStream in;

  /** How the peer decodes what the speaker sends: with path identifiers if it offered ADD-PATH. */
  private final CodecContext context;

  /** Per prefix, its paths by path identifier (0 without ADD-PATH). */
  private final Map<IpPrefix, Map<Integer, PathAttributes>> table = new HashMap<>();

  private int updatesRead;

  private SilentPeer(Socket socket, CodecContext context) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.context = context;
  }

  /** Connects from {@code local} to the speaker and exchanges OPEN and KEEPALIVE. */
  static SilentPeer establish(Inet4Address local, InetSocketAddress speaker, long as)
      throws IOException, BgpProtocolException {
    return establish(local, speaker, as, false);
  }

  /**
   * As {@link #establish(Inet4Address, InetSocketAddress, long)}; with {@code addPaths}, the OPEN
   * offers to receive several paths per IPv4 prefix (ADD-PATH, RFC 7911).
   */
  static SilentPeer establish(
      Inet4Address local, InetSocketAddress speaker, long as, boolean addPaths)
      throws IOException, BgpProtocolException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(RECEIVE_BUFFER);
    socket.bind(new InetSocketAddress(local, 0));
    socket.connect(speaker, 10_000);
    socket.setSoTimeout(10_000);
    Set<AddressFamily> ipv4 = EnumSet.of(AddressFamily.IPV4_UNICAST);
    SilentPeer peer =
        new SilentPeer(
            socket,
            new CodecContext(
                true,
                ipv4,
                false,
                false,
                new PathIdFamilies(Set.of(), addPaths ? ipv4 : Set.of()),
                false));
    Capabilities capabilities =
        Capabilities.builder()
            .multiprotocol(AddressFamily.IPV4_UNICAST)
            .fourOctetAs(as)
            .addPath(addPaths ? AddPath.of(ipv4, AddPath.Direction.RECEIVE) : AddPath.NONE)
            .build();
    peer.send(OpenMessage.of(as, 240, local, capabilities), CodecContext.DEFAULT);
    if (!(peer.read(CodecContext.DEFAULT) instanceof OpenMessage)) {
      throw new IOException("the speaker did not answer with an OPEN");
    }
    peer.send(KeepaliveMessage.INSTANCE, peer.context);
    return peer;
  }

  /** Reads the messages already in the socket, applying UPDATEs to the table. */
  void readAvailable() throws IOException, BgpProtocolException {
    while (in.available() > 0) {
      if (read(context) instanceof UpdateMessage update) {
        updatesRead++;
        for (int i = 0; i < update.withdrawn().size(); i++) {
          IpPrefix prefix = update.withdrawn().get(i);
          Map<Integer, PathAttributes> paths = table.get(prefix);
          if (paths != null) {
            paths.remove(update.withdrawnPathId(i));
            if (paths.isEmpty()) {
              table.remove(prefix);
            }
          }
        }
        for (UpdateMessage.Reach reach : update.reach()) {
          for (int i = 0; i < reach.prefixes().size(); i++) {
            table
                .computeIfAbsent(reach.prefixes().get(i), p -> new HashMap<>())
                .put(reach.pathId(i), reach.attributes());
          }
        }
      }
    }
  }

  /** How many UPDATEs were read. */
  int updatesRead() {
    return updatesRead;
  }

  /** The routes the peer has from the speaker: per prefix, its paths by path identifier. */
  Map<IpPrefix, Map<Integer, PathAttributes>> table() {
    return table;
  }

  private BgpMessage read(CodecContext context) throws IOException, BgpProtocolException {
    byte[] message = new byte[HEADER_LENGTH];
    in.readFully(message);
    int length = ((message[16] & 0xff) << 8) | (message[17] & 0xff);
    byte[] whole = Arrays.copyOf(message, length);
    in.readFully(whole, HEADER_LENGTH, length - HEADER_LENGTH);
    return BgpCodec.decode(Unpooled.wrappedBuffer(whole), context);
  }

  private void send(BgpMessage message, CodecContext context) throws IOException {
    ByteBuf encoded = BgpCodec.encode(message, context, ByteBufAllocator.DEFAULT);
    try {
      socket.getOutputStream().write(ByteBufUtil.getBytes(encoded));
    } finally {
      encoded.release();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
