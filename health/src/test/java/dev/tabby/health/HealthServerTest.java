package dev.tabby.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private final Readiness readiness = new Readiness();
  private final AtomicReference<String> problem = new AtomicReference<>("informers not synced");
  private final AtomicReference<PrometheusRegistry> registry = new AtomicReference<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HealthServer server;

  @BeforeEach
  void start() throws Exception {
    readiness.check("datastore", problem::get);
    server =
        HealthServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "test",
            readiness,
            registry::get,
            Map.of("/state", () -> new HealthServer.Response(200, "application/json", "{}")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort()).resolve(path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesSayWhatIsWrongUntilEveryCheckPasses() throws Exception {
    assertThat(get("/livez").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = get("/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("datastore: informers not synced\n");
    problem.set(null);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreScrapedOnceTheDaemonHasThem() throws Exception {
    assertThat(get("/metrics").statusCode()).isEqualTo(503);
    PrometheusRegistry metrics = new PrometheusRegistry();
    Counter.builder().name("tabby_test_events").help("events").register(metrics).inc(3);
    registry.set(metrics);
    HttpResponse<String> scraped = get("/metrics");
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("tabby_test_events_total 3.0");
  }

  @Test
  void servesTheDaemonsOwnPathsAndNothingElse() throws Exception {
    assertThat(get("/state").body()).isEqualTo("{}");
    assertThat(get("/livez/extra").statusCode()).isEqualTo(404);
  }
}
