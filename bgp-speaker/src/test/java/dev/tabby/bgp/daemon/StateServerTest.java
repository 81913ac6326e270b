package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.SpeakerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state endpoint over real HTTP: no client can stall it for the others. */
class StateServerTest {

  /** Far longer than an answer takes, far shorter than a stalled client would hold it. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private BgpSpeaker speaker;
  private StateServer server;
  private final List<Socket> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    Inet4Address routerId = (Inet4Address) InetAddress.getByName("10.0.0.1");
    speaker = BgpSpeaker.start(new SpeakerConfig(routerId, 65000, null, null));
    server = StateServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), speaker);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    server.close();
    speaker.close();
  }

  @Test
  void clientsHoldingHalfSentRequestsDoNotStopPeersAnswering() throws Exception {
    // More stalled clients than the server has threads: the read timeout frees them.
    for (int i = 0; i <= StateServer.THREADS; i++) {
      halfSentRequest();
    }

    HttpResponse<String> answer = get("/peers", DEADLINE);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"routerId\":\"10.0.0.1\"");
  }

  @Test
  void oneStalledClientDoesNotDelayOthers() throws Exception {
    halfSentRequest();

    // Shorter than the read timeout: the answer cannot have waited for the stalled client.
    HttpResponse<String> answer = get("/peers", StateServer.REQUEST_TIME.dividedBy(2));

    assertThat(answer.statusCode()).isEqualTo(200);
  }

  @Test
  void aStalledClientIsDisconnected() throws Exception {
    Socket client = halfSentRequest();
    client.setSoTimeout((int) DEADLINE.toMillis());

    InputStream in = client.getInputStream();
    // The server closes the connection: end of stream (or a reset), never an answer.
    int read;
    try {
      read = in.read();
    } catch (java.net.SocketException e) {
      read = -1;
    }
    assertThat(read).isEqualTo(-1);
  }

  private Socket halfSentRequest() throws IOException {
    Socket client = new Socket();
    clients.add(client);
    client.connect(server.address());
    client
        .getOutputStream()
        .write("GET /peers HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
    client.getOutputStream().flush();
    return client;
  }

  private HttpResponse<String> get(String path, Duration timeout) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
