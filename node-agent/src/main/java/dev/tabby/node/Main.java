package dev.tabby.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tabby-node}: configuration from the environment (see {@link AgentConfig}), the Kubernetes
 * API from {@code KUBECONFIG} or the in-cluster service account. Runs until SIGTERM.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "tabby-node-logback.xml");
    }
    AgentConfig config;
    try {
      config = AgentConfig.fromEnvironment(System.getenv());
    } catch (ConfigException e) {
      log().error("event=bad-config {}", e.getMessage());
      System.exit(2);
      return;
    }
    // One line opens every run: a log file that spans runs (a restarted agent appends) reads
    // unambiguously from here on.
    log()
        .info(
            "event=starting program=tabby-node version={} node={} pid={}",
            version(),
            config.nodeName(),
            ProcessHandle.current().pid());
    KubernetesClient client = new KubernetesClientBuilder().build();
    CountDownLatch stopped = new CountDownLatch(1);
    NodeAgent[] agent = new NodeAgent[1];
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  NodeAgent running;
                  synchronized (agent) {
                    running = agent[0];
                  }
                  if (running != null) {
                    running.close();
                  }
                  client.close();
                  stopped.countDown();
                },
                "tabby-node-shutdown"));
    try {
      NodeAgent started = NodeAgent.start(config, client);
      synchronized (agent) {
        agent[0] = started;
      }
    } catch (IOException e) {
      log().error("event=start-failed http={} reason=\"{}\"", config.http(), e.getMessage());
      System.exit(1);
    }
    stopped.await();
  }

  /** The jar's version; "dev" when run from classes (a test, an IDE). */
  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** Looked up only after the logging configuration is chosen. */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }
}
