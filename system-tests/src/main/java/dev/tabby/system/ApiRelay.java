package dev.tabby.system;

import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.testbench.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a real cluster's API server (reached from the machine's own network namespace, where the
 * lab runs) to the lab's nodes, which live in namespaces of their own with no route out: a TCP
 * relay that listens inside the lab's {@code api} namespace, on the address the nodes reach the API
 * at, and opens each connection onward from the lab's namespace. Bytes pass through unchanged, TLS
 * included. No address or route is added anywhere.
 */
final class ApiRelay implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiRelay.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "lab-api-relay");
            thread.setDaemon(true);
            return thread;
          });

  private ApiRelay(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Listens on {@code listen} inside {@code host}'s namespace and relays to {@code target}. */
  static ApiRelay start(Host host, InetSocketAddress listen, InetSocketAddress target) {
    ServerSocket server;
    // A socket belongs to the namespace it was made in, whichever thread uses it later.
    try (NetworkNamespace namespace = NetworkNamespace.open(host.namespacePath())) {
      server =
          namespace.call(
              () -> {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(listen);
                return socket;
              });
    }
    ApiRelay relay = new ApiRelay(server, target);
    relay.threads.execute(relay::acceptLoop);
    log.info("event=api-relay-listening listen={} target={}", listen, target);
    return relay;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket node = server.accept();
        threads.execute(() -> relay(node));
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("event=api-relay-accept-failed reason=\"{}\"", e.getMessage());
        }
      }
    }
  }

  private void relay(Socket node) {
    try (node;
        Socket api = new Socket()) {
      open.add(node);
      open.add(api);
      api.connect(target, CONNECT_TIMEOUT_MILLIS);
      Future<?> answers = threads.submit(() -> copy(api, node));
      copy(node, api);
      answers.get(); // both directions done: only now close both sockets
    } catch (IOException e) {
      log.warn("event=api-relay-connect-failed target={} reason=\"{}\"", target, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("event=api-relay-failed reason=\"{}\"", e.getCause().toString());
    } finally {
      open.remove(node);
    }
  }

  /** Copies until {@code from} ends, then ends {@code to}'s sending side as well. */
  private void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
      to.shutdownOutput();
    } catch (IOException e) {
      // the other direction or close() ended the connection
    } finally {
      open.remove(from);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("event=api-relay-close-failed reason=\"{}\"", e.getMessage());
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
  }
}
