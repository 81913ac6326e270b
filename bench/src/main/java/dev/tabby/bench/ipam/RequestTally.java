package dev.tabby.bench.ipam;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The API requests the mock server received, counted by method and resource kind ("PUT
 * ipamblocks"), taken from its record of requests.
 */
final class RequestTally {
  private final Map<String, Integer> counts = new TreeMap<>();

  /** Takes every request the server has recorded since the last tally (or since it started). */
  static RequestTally take(MockWebServer server) throws InterruptedException {
    RequestTally tally = new RequestTally();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
      tally.counts.merge(r.getMethod() + " " + kind(r.getPath()), 1, Integer::sum);
    }
    return tally;
  }

  /** The resource kind a path names: the plural after the group version, without name or query. */
  private static String kind(String path) {
    String[] parts = path.split("\\?")[0].split("/");
    // /api/v1/<kind>[/name] or /apis/<group>/<version>/<kind>[/name]
    int at = parts.length > 1 && parts[1].equals("api") ? 3 : 4;
    return parts.length > at ? parts[at] : path;
  }

  int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  int count(String method, String kind) {
    return counts.getOrDefault(method + " " + kind, 0);
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
