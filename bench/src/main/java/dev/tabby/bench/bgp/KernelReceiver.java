package dev.tabby.bench.bgp;

import dev.tabby.testbench.HostProcess;
import java.util.List;

/**
 * A receiver under measurement in the kernel benchmark: a daemon that installs what it learns into
 * its namespace's main table.
 *
 * @param name how the table names it
 * @param protocol the {@code rtm_protocol} its kernel routes carry, by which they are counted
 * @param processes its processes, whose CPU time and peak RSS are added up (FRR: zebra and bgpd)
 */
record KernelReceiver(String name, int protocol, List<HostProcess> processes) {

  KernelReceiver {
    processes = List.copyOf(processes);
  }
}
