package dev.tabby.cni;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** The plugin's side of the socket: sends one request to the node agent and reads its answer. */
public final class AgentClient {
  private final Path socket;

  public AgentClient(Path socket) {
    this.socket = socket;
  }

  /**
   * Sends the request. An agent that cannot be reached or that breaks off the answer is a transient
   * failure: code 11 (try again later), or 50 (not available) for STATUS.
   */
  public AgentResponse call(AgentRequest request) {
    int unavailable =
        request.command().equals("STATUS")
            ? CniException.PLUGIN_NOT_AVAILABLE
            : CniException.TRY_AGAIN_LATER;
    String answer;
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        throw new CniException(
            unavailable,
            "the Tabby node agent is not reachable",
            "connect to " + socket + ": " + reason(e) + "; is tabby-node running on this node?");
      }
      AgentSocket.send(channel, Json.write(request.toJson()));
      answer = AgentSocket.receive(channel);
    } catch (IOException e) {
      throw new CniException(
          unavailable,
          "the Tabby node agent broke off the call",
          "talking to " + socket + ": " + reason(e));
    }
    try {
      return AgentResponse.fromJson(Json.parseObject(answer));
    } catch (Json.JsonException e) {
      throw new CniException(
          unavailable,
          "the Tabby node agent gave no answer",
          "answer from " + socket + " does not decode: " + e.getMessage());
    }
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
