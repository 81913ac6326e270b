package dev.tabby.system;

import java.nio.file.Path;
import java.util.Optional;

/** The labs the system tests run: this checkout's built Tabby, with the API stand-in. */
final class SystemLabs {

  private SystemLabs() {}

  /** The Tabby checkout under test: {@code tabby.root}, which failsafe sets. */
  static Path root() {
    return Path.of(System.getProperty("tabby.root", "..")).toAbsolutePath().normalize();
  }

  /** Builds a lab of {@code nodes} nodes in {@code topology}, printing its progress. */
  static ClusterLab up(int nodes, Topology topology) {
    return ClusterLab.up(
        new ClusterLab.Options(nodes, topology, Optional.empty(), root()), System.out);
  }
}
