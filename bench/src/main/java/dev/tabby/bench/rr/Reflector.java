package dev.tabby.bench.rr;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;

/** A route reflector under measurement, serving every client of a {@link ClientPlan}. */
record Reflector(String name, HostProcess process) {

  /** How to start one kind of reflector in its namespace, configured for the plan's clients. */
  interface Kind {
    String name();

    Reflector start(Host host, ClientPlan plan);
  }
}
