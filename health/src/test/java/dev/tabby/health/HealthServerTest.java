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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    return http.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  /** A request that gives up after a while rather than hang the test when nobody answers. */
  private HttpRequest request(String path) {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort()).resolve(path);
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
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

  @Test
  void probesAreAnsweredWhileAnotherAnswerIsStillBeingWritten() throws Exception {
    CountDownLatch streaming = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    server.addHandler(
        "/listing",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("first line\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            streaming.countDown();
            finish.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    CompletableFuture<HttpResponse<String>> listing =
        http.sendAsync(request("/listing"), HttpResponse.BodyHandlers.ofString());
    try {
      assertThat(streaming.await(30, TimeUnit.SECONDS)).as("the listing started").isTrue();

      assertThat(get("/livez").statusCode()).isEqualTo(200);
      assertThat(get("/readyz").statusCode()).isEqualTo(503);
      assertThat(listing).isNotDone();
    } finally {
      finish.countDown();
    }
    assertThat(listing.get(30, TimeUnit.SECONDS).body()).isEqualTo("first line\n");
  }
}
