package dev.tabby.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    HttpResponse<String> response = send(uri, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new CtlException(uri + " answered HTTP " + response.statusCode() + error(response));
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new CtlException(uri + " did not answer JSON: " + e.getOriginalMessage());
    }
  }

  /** GETs {@code path} and copies the answer to {@code out} as it arrives, unparsed. */
  void copy(String path, Writer out) {
    URI uri = endpoint.resolve(path);
    HttpResponse<InputStream> response = send(uri, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        throw new CtlException(uri + " answered HTTP " + response.statusCode() + error(text));
      }
      new InputStreamReader(body, StandardCharsets.UTF_8).transferTo(out);
      out.flush();
    } catch (IOException e) {
      throw new CtlException("reading " + uri + ": " + reason(e));
    }
  }

  private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), handler);
    } catch (IOException e) {
      throw CtlException.unreachable("cannot reach " + endpoint + ": " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CtlException("interrupted while asking " + uri);
    }
  }

  private String error(HttpResponse<String> response) {
    return error(response.body());
  }

  /** The endpoint's {@code {"error": "..."}} as ": ...", or nothing. */
  private String error(String body) {
    try {
      String error = json.readTree(body).path("error").asString("");
      return error.isEmpty() ? "" : ": " + error;
    } catch (JacksonException e) {
      return "";
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
}
