package dev.tabby.ctl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a daemon's JSON state endpoint. */
final class StateClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final JsonMapper json = JsonMapper.builder().build();

  StateClient(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** GETs {@code path} (e.g. {@code /peers}) and parses the JSON answer. */
  JsonNode get(String path) {
    URI uri = endpoint.resolve(path);
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CtlException("cannot reach " + endpoint + ": " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CtlException("interrupted while asking " + uri);
    }
    if (response.statusCode() != 200) {
      throw new CtlException(uri + " answered HTTP " + response.statusCode());
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new CtlException(uri + " did not answer JSON: " + e.getOriginalMessage());
    }
  }

  /** The JDK's client often throws a bare ConnectException; say what it means. */
  private static String reason(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  /** Pretty JSON, for {@code -o json}. */
  String pretty(JsonNode node) {
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }
}
