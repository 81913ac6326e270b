package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A million routes listed over HTTP by a speaker in a heap of 256 MB, a quarter of tabby-bgp's
 * default: the listing is written as it is read, so it needs no room for the table's JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesListingIT {

  private static final int ROUTES = 1_000_000;
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private Process server;
  private Path log;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    log = dir.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server =
        new ProcessBuilder(
                java,
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                RouteTableServer.class.getName(),
                Integer.toString(ROUTES))
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return out.readLine();
                  } catch (java.io.IOException e) {
                    return null;
                  }
                })
            .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(line).as("the server's first line; log:%n%s", serverLog()).startsWith("listening ");
    port = Integer.parseInt(line.substring("listening ".length()));
  }

  @AfterAll
  void stop() throws Exception {
    server.getOutputStream().close();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly();
    }
  }

  @Test
  void aMillionRoutesAreListedInPrefixOrder() throws Exception {
    Listing listing = list("/routes");

    assertThat(listing.routes).as(serverLog()).isEqualTo(ROUTES);
    assertThat(listing.count).isEqualTo(ROUTES);
    assertThat(listing.ordered).isTrue();
    assertThat(listing.next).isNull();
    assertThat(server.isAlive()).as(serverLog()).isTrue();
  }

  @Test
  void aFilteredListingOfTheMillionWalksAllOfIt() throws Exception {
    // Half the routes carry the community, spread over the whole table.
    Listing tagged = list("/routes?community=" + RouteTableServer.TAG);

    assertThat(tagged.routes).as(serverLog()).isEqualTo(ROUTES / 2);
  }

  @Test
  void pagesPickUpWhereTheLastEnded() throws Exception {
    Listing first = list("/routes?limit=3");
    Listing second = list("/routes?limit=2&after=" + first.next);

    assertThat(first.routes).isEqualTo(3);
    assertThat(first.next).isEqualTo("10.0.0.32/28");
    assertThat(second.first).isEqualTo("10.0.0.48/28");
    assertThat(second.next).isEqualTo("10.0.0.64/28");
  }

  /** What a listing held, read as a stream: the test holds no more of it than the server. */
  private static final class Listing {
    long routes;
    long count = -1;
    String first;
    String next;
    boolean ordered = true;
  }

  private Listing list(String path) throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(DEADLINE)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).as(serverLog()).isEqualTo(200);
    Listing listing = new Listing();
    IpPrefix previous = null;
    try (JsonParser parser = json.createParser(response.body())) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token != JsonToken.PROPERTY_NAME) {
          continue;
        }
        String name = parser.currentName();
        parser.nextToken();
        switch (name) {
          case "prefix" -> {
            IpPrefix prefix = IpPrefix.parse(parser.getString());
            listing.ordered &= previous == null || previous.compareTo(prefix) < 0;
            if (listing.first == null) {
              listing.first = prefix.toString();
            }
            previous = prefix;
            listing.routes++;
          }
          case "count" -> listing.count = parser.getLongValue();
          case "next" -> listing.next = parser.getString();
          default -> {
            // The routes array is read on; a route's other fields are not looked at.
            if (!name.equals("routes")) {
              parser.skipChildren();
            }
          }
        }
      }
    }
    return listing;
  }

  private String serverLog() throws java.io.IOException {
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }
}
