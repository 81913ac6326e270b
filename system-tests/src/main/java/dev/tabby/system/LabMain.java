package dev.tabby.system;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code scripts/lab.sh up}: builds the lab, prints what it shows, then keeps it running until
 * SIGTERM ({@code scripts/lab.sh down}), which stops every process and deletes every namespace.
 *
 * <p>Arguments: {@code [--nodes N] [--topology mesh|tor|rr] [--kubeconfig FILE] --state FILE}. The
 * state file lists each node as {@code NAME NAMESPACE HTTP_URL}, for {@code lab.sh status}.
 */
public final class LabMain {

  /** Printed once the lab works; lab.sh waits for it. */
  static final String UP_MARKER = "TABBY LAB UP";

  /** Printed when the lab failed; lab.sh exits non-zero. */
  static final String FAILED_MARKER = "TABBY LAB FAILED";

  private LabMain() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    int nodes = 3;
    Topology topology = Topology.mesh;
    Optional<Path> kubeconfig = Optional.empty();
    Path state = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--nodes" -> nodes = Integer.parseInt(args[++i]);
          case "--topology" -> topology = Topology.parse(args[++i]);
          case "--kubeconfig" -> kubeconfig = Optional.of(Path.of(args[++i]));
          case "--state" -> state = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (nodes < 1 || nodes > 50) {
        throw new IllegalArgumentException("--nodes must be 1..50");
      }
      if (state == null) {
        throw new IllegalArgumentException("--state FILE is required");
      }
    } catch (RuntimeException e) {
      out.println(FAILED_MARKER + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    Path root = Path.of(System.getProperty("tabby.root", ".")).toAbsolutePath().normalize();
    ClusterLab lab;
    try {
      lab = ClusterLab.up(new ClusterLab.Options(nodes, topology, kubeconfig, root), out);
    } catch (RuntimeException | AssertionError e) {
      out.println(FAILED_MARKER + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean wasUp = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  lab.close();
                  // A lab taken down removes its files too; a failed one keeps its logs.
                  if (wasUp.get()) {
                    deleteTree(lab.testbench().runDir());
                  }
                  stopped.countDown();
                }));
    List<String> failures = new LabReport(lab, out).run();
    out.println();
    if (!failures.isEmpty()) {
      out.println(FAILED_MARKER + ": " + failures.size() + " checks failed:");
      failures.forEach(failure -> out.println("  - " + failure));
      System.exit(1);
    }
    writeState(lab, state);
    wasUp.set(true);
    out.println(
        UP_MARKER
            + ": "
            + nodes
            + " nodes, "
            + lab.pods().size()
            + " pods; logs in "
            + lab.testbench().runDir()
            + "; `scripts/lab.sh status` shows it, `scripts/lab.sh down` removes it");
    out.flush();
    stopped.await();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      System.out.println("cannot remove the lab's files in " + dir + ": " + e.getMessage());
    }
  }

  private static void writeState(ClusterLab lab, Path state) {
    StringBuilder text = new StringBuilder();
    for (LabNode node : lab.nodes()) {
      text.append(node.name())
          .append(' ')
          .append(node.host().namespace())
          .append(' ')
          .append(node.httpUrl())
          .append('\n');
    }
    try {
      Files.writeString(state, text);
    } catch (IOException e) {
      System.out.println("cannot write the lab's state file " + state + ": " + e.getMessage());
    }
  }
}
