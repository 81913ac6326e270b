package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.net.IpPrefix;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The state endpoint over real HTTP: no client can stall it for the others. */
class StateServerTest {

  /** Far longer than an answer takes, far shorter than a stalled client would hold it. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private BgpSpeaker speaker;
  private StateServer server;
  private final List<Socket> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper mapper = JsonMapper.builder().build();

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

  @Test
  void routesAreFilteredByPrefixCommunityAndSource() throws Exception {
    speaker.originate(IpPrefix.parse("10.1.0.0/16"), Communities.parse("65000:1"));
    speaker.originate(IpPrefix.parse("10.1.2.0/24"));
    speaker.originate(IpPrefix.parse("10.2.0.0/16"), Communities.parse("65000:1"));

    assertThat(prefixes("/routes")).containsExactly("10.1.0.0/16", "10.1.2.0/24", "10.2.0.0/16");
    assertThat(prefixes("/routes?prefix=10.1.2.0/24")).containsExactly("10.1.2.0/24");
    assertThat(prefixes("/routes?match=10.1.2.3")).containsExactly("10.1.2.0/24");
    assertThat(prefixes("/routes?match=10.1.3.3")).containsExactly("10.1.0.0/16");
    assertThat(prefixes("/routes?within=10.1.0.0/16"))
        .containsExactly("10.1.0.0/16", "10.1.2.0/24");
    assertThat(prefixes("/routes?community=65000:1")).containsExactly("10.1.0.0/16", "10.2.0.0/16");
    assertThat(prefixes("/routes?peer=local&within=10.2.0.0/15")).containsExactly("10.2.0.0/16");
    assertThat(prefixes("/routes?peer=10.0.0.9")).isEmpty();
    assertThat(mapper.readTree(get("/routes?count&community=65000:1", DEADLINE).body()))
        .isEqualTo(mapper.readTree("{\"count\":2}"));
  }

  @Test
  void aLimitedListingSaysWhereTheNextPageStarts() throws Exception {
    speaker.originate(IpPrefix.parse("10.1.0.0/16"));
    speaker.originate(IpPrefix.parse("10.2.0.0/16"));
    speaker.originate(IpPrefix.parse("10.3.0.0/16"));

    JsonNode first = mapper.readTree(get("/routes?limit=2", DEADLINE).body());
    JsonNode rest =
        mapper.readTree(
            get("/routes?limit=2&after=" + first.path("next").asString(), DEADLINE).body());

    assertThat(first.path("count").asInt()).isEqualTo(2);
    assertThat(first.path("next").asString()).isEqualTo("10.2.0.0/16");
    assertThat(rest.path("routes").get(0).path("prefix").asString()).isEqualTo("10.3.0.0/16");
    assertThat(rest.has("next")).isFalse();
  }

  @Test
  void aBadQueryIsAnswered400WithTheReason() throws Exception {
    assertThat(get("/routes?prefx=10.0.0.0/8", DEADLINE))
        .satisfies(answer -> assertThat(answer.statusCode()).isEqualTo(400))
        .satisfies(answer -> assertThat(answer.body()).contains("unknown parameter prefx"));
    assertThat(get("/routes?within=10.0.0.1/8", DEADLINE).body())
        .contains("within: prefix 10.0.0.1/8 has host bits set");
    assertThat(get("/routes?prefix=10.0.0.0/8&within=10.0.0.0/8", DEADLINE).body())
        .contains("at most one of prefix, match and within");
    assertThat(get("/routes?limit=0", DEADLINE).body()).contains("limit: must be at least 1");
    assertThat(get("/routes?community=nope", DEADLINE).statusCode()).isEqualTo(400);
  }

  private List<String> prefixes(String path) throws Exception {
    HttpResponse<String> answer = get(path, DEADLINE);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<String> prefixes = new ArrayList<>();
    mapper
        .readTree(answer.body())
        .path("routes")
        .forEach(r -> prefixes.add(r.path("prefix").asString()));
    return prefixes;
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
