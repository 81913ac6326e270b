package dev.tabby.system;

import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's stand-in for a Kubernetes API server: the test bench's {@link CrudApiServer} (it stores
 * what it is sent, enforces resourceVersion conflicts and serves watches that agents may close at
 * any moment), run as its own process. It is not kube-apiserver: no admission, no CRD validation
 * rules, no authentication or authorization. Agents reach it through a kubeconfig, exactly as they
 * would a real cluster.
 *
 * <p>Usage: {@code ApiStandIn ADDRESS PORT KUBECONFIG CONTROL_SOCKET [REQUEST_LOG]}. The control
 * socket lets the lab, which runs outside the lab's namespaces, change resources (see {@link
 * StandInControl}); the request log records every request and who made it ({@link RequestLog}).
 */
public final class ApiStandIn {

  private static final Logger log = LoggerFactory.getLogger(ApiStandIn.class);

  private ApiStandIn() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 4 && args.length != 5) {
      System.err.println("usage: ApiStandIn ADDRESS PORT KUBECONFIG CONTROL_SOCKET [REQUEST_LOG]");
      System.exit(2);
    }
    InetAddress address = InetAddress.getByName(args[0]);
    int port = Integer.parseInt(args[1]);
    Path kubeconfig = Path.of(args[2]);
    Path control = Path.of(args[3]);
    RequestLog requests = args.length == 5 ? new RequestLog(Path.of(args[4])) : null;
    KubernetesMockServer server =
        requests == null ? CrudApiServer.create() : CrudApiServer.recording(requests);
    server.init(address, port);
    String url = "http://" + args[0] + ":" + port;
    Files.writeString(kubeconfig, Kubeconfig.forServer(url));
    KubernetesClient client = server.createClient();
    StandInControl controlServer = StandInControl.start(control, client);
    log.info(
        "event=api-stand-in-listening url={} kubeconfig={} control={}", url, kubeconfig, control);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  controlServer.close();
                  client.close();
                  server.destroy();
                  if (requests != null) {
                    requests.close();
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }
}
