package dev.tabby.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The agent's end of the socket the forwarder talks to. A connection carries one {@link
 * ForwardedCall}, then the forwarder shuts its output down; the answer is the plugin's exit status
 * in decimal, a newline and what the plugin prints, then the agent shuts its output down. No length
 * prefix to get wrong, and a peer that dies mid-message is seen as a message that does not decode.
 * The forwarder ({@code cni/src/main/c/forwarder.c}) is the other end.
 */
public final class AgentSocket {
  /** Where the agent listens unless the network config says otherwise. */
  public static final Path DEFAULT_PATH = Path.of("/var/run/tabby/cni.sock");

  /** A message is a CNI config and result: far below this; more is a peer gone wrong. */
  public static final int MAX_MESSAGE_BYTES = 4 << 20;

  private AgentSocket() {}

  /** Reads a request until the forwarder shuts its output down. */
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

  /** Writes the whole answer and shuts the output down. */
  public static void answer(SocketChannel channel, CniProtocol.Output output) throws IOException {
    String message = output.exitCode() + "\n" + output.stdout();
    ByteBuffer buffer = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.shutdownOutput();
  }
}
