package dev.tabby.testbench.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * fabric8's mock API server in CRUD mode over plain HTTP (it stores what it is sent, enforces
 * resourceVersion conflicts and serves watches), whose watches a client may close at any moment.
 * The caller starts it ({@code init}), makes clients ({@code createClient}) and stops it ({@code
 * destroy}) as with any {@link KubernetesMockServer}.
 *
 * <p>fabric8's own watch listener sends each event from its own thread and blocks there until the
 * server's event loop has written it; when the client closes the watch, the listener is told so on
 * that same event loop and waits there for its sender thread to finish. A close that arrives while
 * an event is being sent (an informer closed just after it started, while the server replays every
 * existing object as ADDED) therefore blocks the event loop until the write gives up after 30 s,
 * every other request to the server waits meanwhile, and the server's shutdown fails after 10 s
 * with "Unable to close MockWebServer". Here the end of a watch is handed to another thread, so the
 * event loop stays free to finish the write.
 */
public final class CrudApiServer {

  private CrudApiServer() {}

  /** A new, not yet started, CRUD-mode mock API server with an empty store. */
  public static KubernetesMockServer create() {
    return create(new MockWebServer());
  }

  /**
   * As {@link #create()}, telling {@code requests} of every request (method, path with its query,
   * headers) before it is served, on the server's threads.
   */
  public static KubernetesMockServer recording(Consumer<RecordedRequest> requests) {
    return new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new WatchDispatcher(requests), false);
  }

  /**
   * As {@link #create()}, served by {@code http}: a caller that keeps it can count the requests the
   * server took ({@code getRequestCount}, {@code takeRequest}).
   */
  public static KubernetesMockServer create(MockWebServer http) {
    return new KubernetesMockServer(
        new Context(), http, new HashMap<>(), new WatchDispatcher(request -> {}), false);
  }

  /** The CRUD dispatcher, its watches ended off the event loop, each request told first. */
  private static final class WatchDispatcher extends KubernetesCrudDispatcher {
    private final Consumer<RecordedRequest> requests;

    WatchDispatcher(Consumer<RecordedRequest> requests) {
      this.requests = requests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.accept(request);
      return super.dispatch(request);
    }

    @Override
    public MockResponse handleWatch(String path) {
      WebSocketListener watch = super.handleWatch(path).getWebSocketListener();
      return new MockResponse().withWebSocketUpgrade(new EndedOffTheEventLoop(watch));
    }
  }

  /** Passes every callback on as it comes, except the two that block until sending stops. */
  private static final class EndedOffTheEventLoop extends WebSocketListener {
    private final WebSocketListener watch;

    EndedOffTheEventLoop(WebSocketListener watch) {
      this.watch = watch;
    }

    private static void elsewhere(Runnable end) {
      Thread thread = new Thread(end, "mock-watch-end");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      watch.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      watch.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      watch.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      watch.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      watch.onMessage(webSocket, bytes);
    }

    @Override
    public void onPing(WebSocket webSocket, byte[] payload) {
      watch.onPing(webSocket, payload);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      watch.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      elsewhere(() -> watch.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      elsewhere(() -> watch.onFailure(webSocket, t, response));
    }
  }
}
