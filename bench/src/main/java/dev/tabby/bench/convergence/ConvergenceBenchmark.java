package dev.tabby.bench.convergence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Route convergence of a Tabby mesh cluster of real {@code tabby-node} agents in namespaces (the
 * lab's {@code ClusterLab}): a new node's first block to every other node's kernel, and a node's
 * departure to its route gone from every other node's kernel, for each cluster size; plus the
 * agents' resident memory. Reports, never asserts.
 *
 * <p>Usage: {@code ConvergenceBenchmark [SIZES (10,50)] [ROUNDS (3)]}, run as root from the
 * repository's root with node-agent, cni and system-tests built.
 */
public final class ConvergenceBenchmark {

  private ConvergenceBenchmark() {}

  public static void main(String[] args) {
    List<Integer> sizes =
        Arrays.stream((args.length > 0 ? args[0] : "10,50").split(","))
            .map(Integer::parseInt)
            .toList();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    for (int size : sizes) {
      if (size < 2 || size > 200) {
        throw new IllegalArgumentException("a cluster size must be 2..200, got " + size);
      }
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("ROUNDS must be at least 1, got " + rounds);
    }
    Path root = Path.of("").toAbsolutePath();
    List<ConvergenceResult> results = new ArrayList<>();
    for (int size : sizes) {
      ConvergenceResult result = new ClusterRun(size, rounds, root, System.out).run();
      result.print(System.out);
      results.add(result);
    }
    System.out.println("\n## All sizes");
    results.forEach(result -> result.print(System.out));
  }
}
