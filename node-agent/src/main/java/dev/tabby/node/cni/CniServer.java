package dev.tabby.node.cni;

import dev.tabby.cni.AgentSocket;
import dev.tabby.cni.CniException;
import dev.tabby.cni.CniProtocol;
import dev.tabby.cni.CniVersions;
import dev.tabby.cni.ForwardedCall;
import dev.tabby.cni.Json;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.ipam.IpamAllocator;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the CNI plugins: listens on a unix socket, takes one call per connection from
 * the {@code tabby} or {@code tabby-ipam} forwarder, checks it ({@link CniProtocol}), assigns
 * addresses through IPAM and wires pods in the node's network namespace, and answers what the
 * plugin prints. Calls run concurrently (the kubelet starts pods in parallel).
 *
 * <pre>{@code
 * CniServer server = new CniServer(CniServer.Config.defaults(nodeName), ipam,
 *     NetworkNamespace.open(Path.of("/proc/self/ns/net")), () -> datastoreSynced);
 * server.start();
 * ...
 * server.close();
 * }</pre>
 */
public final class CniServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CniServer.class);

  /** More concurrent calls than this answer "try again later" instead of queueing without end. */
  private static final int MAX_CONCURRENT_REQUESTS = 128;

  /**
   * Where the server listens and keeps its records.
   *
   * @param socket the unix socket the plugins connect to (their config's "socket")
   * @param stateDir one record per attachment, so DEL, CHECK and GC know what ADD did even after
   *     the agent restarts
   * @param nodeName this node's Kubernetes name: IPAM assigns from its blocks
   */
  public record Config(Path socket, Path stateDir, String nodeName) {
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/tabby/cni");

    public Config {
      if (nodeName == null || nodeName.isBlank()) {
        throw new IllegalArgumentException("the CNI server needs the node's name");
      }
    }

    /** {@link AgentSocket#DEFAULT_PATH} and {@link #DEFAULT_STATE_DIR}. */
    public static Config defaults(String nodeName) {
      return new Config(AgentSocket.DEFAULT_PATH, DEFAULT_STATE_DIR, nodeName);
    }
  }

  /** Told about every request served, e.g. for the agent's metrics. */
  public interface RequestObserver {
    /**
     * @param errorCode 0 on success, else the CNI error code answered
     */
    void served(String plugin, String command, int errorCode, long nanos);
  }

  private final Config config;
  private final NetworkNamespace node;
  private final IpamAllocator ipam;
  private final BooleanSupplier ready;
  private final ThreadPoolExecutor workers;
  private volatile RequestObserver observer = (plugin, command, code, nanos) -> {};
  private Netlink netlink;
  private CniProtocol protocol;
  private ServerSocketChannel server;
  private Thread acceptor;

  /**
   * @param config socket, state directory and node name
   * @param ipam the agent's allocator
   * @param node the node's network namespace, where host-side veths and routes go (the agent's own:
   *     {@code NetworkNamespace.open(Path.of("/proc/self/ns/net"))}); the caller closes it
   * @param ready whether the rest of the agent is ready (datastore synced): STATUS and ADD answer
   *     "not ready" until it is
   */
  public CniServer(
      Config config, IpamAllocator ipam, NetworkNamespace node, BooleanSupplier ready) {
    this.config = config;
    this.ipam = ipam;
    this.node = node;
    this.ready = ready;
    AtomicInteger count = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            0,
            MAX_CONCURRENT_REQUESTS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread t = new Thread(task, "cni-request-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Sets who hears of every request served; call before {@link #start()}. */
  public CniServer observe(RequestObserver observer) {
    this.observer = observer;
    return this;
  }

  /** Opens the socket (replacing a stale one) and starts serving. */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("CNI server already started");
    }
    Files.createDirectories(config.stateDir());
    netlink = node.openNetlink();
    CniRequestHandler handler =
        new CniRequestHandler(
            config.nodeName(),
            ipam,
            new PodWiring(node, netlink),
            new AttachmentStore(config.stateDir()),
            this::isReady);
    protocol =
        new CniProtocol(
            handler::handle,
            (call, error) ->
                log.warn(
                    "cni call refused plugin={} command={} container={} code={} error={} details={}",
                    call.plugin(),
                    call.command(),
                    call.env().getOrDefault("CNI_CONTAINERID", ""),
                    error.code(),
                    error.getMessage(),
                    error.details()));
    Path socket = config.socket();
    Files.createDirectories(socket.toAbsolutePath().getParent());
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    // Only root (the runtime that runs the plugins) may ask for pods to be wired.
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    acceptor = new Thread(this::acceptLoop, "cni-server");
    acceptor.setDaemon(true);
    acceptor.start();
    log.info(
        "CNI server listening socket={} stateDir={} node={}",
        socket,
        config.stateDir(),
        config.nodeName());
  }

  /**
   * Whether pods can be wired now: the agent says it is ready and the node's netlink answers. What
   * STATUS reports and what gates the conflist.
   */
  public boolean isReady() {
    if (!ready.getAsBoolean()) {
      return false;
    }
    try {
      return netlink != null && netlink.link("lo").isPresent();
    } catch (RuntimeException e) {
      log.warn("CNI not ready: netlink in the node namespace fails: {}", e.getMessage());
      return false;
    }
  }

  private void acceptLoop() {
    while (true) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.warn("CNI server: accept failed: {}", e.getMessage());
        continue;
      }
      try {
        workers.execute(() -> serve(channel));
      } catch (RejectedExecutionException e) {
        answer(
            channel,
            CniProtocol.Output.error(
                CniVersions.LATEST,
                new CniException(
                    CniException.TRY_AGAIN_LATER,
                    "the Tabby node agent is busy",
                    MAX_CONCURRENT_REQUESTS + " CNI calls in progress")));
      }
    }
  }

  private void serve(SocketChannel channel) {
    long start = System.nanoTime();
    ForwardedCall call;
    try {
      call = ForwardedCall.decode(AgentSocket.receive(channel));
    } catch (IOException | Json.JsonException e) {
      log.warn("CNI server: unreadable request: {}", e.getMessage());
      answer(
          channel,
          CniProtocol.Output.error(
              CniVersions.LATEST,
              new CniException(
                  CniException.DECODING_FAILURE, "unreadable request", e.getMessage())));
      return;
    }
    CniProtocol.Output output = protocol.run(call);
    answer(channel, output);
    observer.served(call.plugin(), call.command(), output.errorCode(), System.nanoTime() - start);
  }

  private static void answer(SocketChannel channel, CniProtocol.Output output) {
    try (channel) {
      AgentSocket.answer(channel, output);
    } catch (IOException e) {
      // The plugin went away (the runtime timed it out); what was done stays recorded.
      log.warn("CNI server: could not answer the plugin: {}", e.getMessage());
    }
  }

  /** Stops serving and removes the socket; attachments and their records stay. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    try {
      server.close();
      Files.deleteIfExists(config.socket());
    } catch (IOException e) {
      log.warn("CNI server: closing socket {}: {}", config.socket(), e.getMessage());
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("CNI server: calls still running after 10s at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    netlink.close();
    server = null;
    log.info("CNI server stopped socket={}", config.socket());
  }
}
