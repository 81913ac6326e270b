package dev.tabby.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The framing both ends of the plugin-to-agent socket use: a connection carries one request, then
 * the writer shuts its output down; the answer comes back the same way. No length prefix to get
 * wrong, and a peer that dies mid-message is seen as a message that does not decode.
 */
public final class AgentSocket {
  /** Where the agent listens unless the network config says otherwise. */
  public static final Path DEFAULT_PATH = Path.of("/var/run/tabby/cni.sock");

  /** A message is a CNI config and result: far below this; more is a peer gone wrong. */
  public static final int MAX_MESSAGE_BYTES = 4 << 20;

  private AgentSocket() {}

  /** Writes a whole message and shuts the output down. */
  public static void send(SocketChannel channel, String message) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.shutdownOutput();
  }

  /** Reads until the peer shuts its output down. */
  public static String receive(SocketChannel channel) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (channel.read(buffer) >= 0) {
      buffer.flip();
      out.write(buffer.array(), 0, buffer.limit());
      buffer.clear();
      if (out.size() > MAX_MESSAGE_BYTES) {
        throw new IOException("message longer than " + MAX_MESSAGE_BYTES + " bytes");
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
