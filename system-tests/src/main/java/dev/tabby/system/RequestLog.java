package dev.tabby.system;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stand-in's record of the API requests it serves, one line each: {@code WHO METHOD PATH},
 * where WHO is the request's bearer token (the lab gives each Tabby component a kubeconfig with a
 * token of its own: {@link #TOKENS}; the stand-in's own client sends fabric8's mock token) or
 * {@code -}. The system tests map the lines to RBAC verbs and resources and hold them against the
 * bundle's roles.
 */
final class RequestLog implements Consumer<RecordedRequest>, AutoCloseable {

  /** The tokens of the components whose requests RBAC must allow; each is its component's name. */
  static final List<String> TOKENS = List.of("tabby-node", "tabby-controller", "tabbyctl");

  static final String ANONYMOUS = "-";
  private static final String BEARER = "Bearer ";

  private final BufferedWriter out;

  RequestLog(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void accept(RecordedRequest request) {
    String authorization = request.getHeader("Authorization");
    String who =
        authorization != null && authorization.startsWith(BEARER)
            ? authorization.substring(BEARER.length()).strip()
            : ANONYMOUS;
    try {
      out.write(who + " " + request.getMethod() + " " + request.getPath() + "\n");
      out.flush(); // read while the stand-in runs
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record an API request", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      // the stand-in is stopping
    }
  }
}
