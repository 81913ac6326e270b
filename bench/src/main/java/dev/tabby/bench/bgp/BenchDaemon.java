package dev.tabby.bench.bgp;

import dev.tabby.testbench.HostProcess;

/** One BGP speaker under measurement, with the one peer of its {@link Topology}. */
interface BenchDaemon {

  /** How the tables name it, e.g. {@code BIRD}. */
  String name();

  /** The daemon's own process: its RSS is what the benchmark reports. */
  HostProcess process();

  /** Prefixes accepted from the peer so far, as the daemon itself reports them. */
  long acceptedPrefixes();

  /** True for Tabby, whose live heap after a full GC is reported beside its RSS. */
  default boolean jvm() {
    return false;
  }
}
