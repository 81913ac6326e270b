package dev.tabby.ipam;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.HashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * fabric8's mock API server in CRUD mode over plain HTTP, one per test, for tests whose code under
 * test watches (informers). A test class holds one in a {@code @RegisterExtension} field: it starts
 * with the test's instance and stops after the test.
 *
 * <p>Unlike {@code @EnableKubernetesMockClient}, its watches can be closed by the client at any
 * moment. fabric8's watch listener sends each event from its own thread and blocks there until the
 * server's event loop has written it; when the client closes the watch, the listener is told so on
 * that same event loop and waits there for its sender thread to finish. A close that arrives while
 * an event is being sent (an informer closed just after it started, while the server replays every
 * existing object as ADDED) therefore blocks the event loop until the write gives up after 30 s,
 * and the server's shutdown fails after 10 s with "Unable to close MockWebServer". Here the end of
 * a watch is handed to another thread, so the event loop stays free to finish the write.
 */
final class MockApiServer implements AfterEachCallback {
  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(), new MockWebServer(), new HashMap<>(), new WatchDispatcher(), false);
  private final KubernetesClient client;

  MockApiServer() {
    server.init();
    client = server.createClient();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.destroy();
    client.close();
  }

  KubernetesClient client() {
    return client;
  }

  KubernetesMockServer server() {
    return server;
  }

  /** The CRUD dispatcher, its watches ended off the event loop. */
  private static final class WatchDispatcher extends KubernetesCrudDispatcher {
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
