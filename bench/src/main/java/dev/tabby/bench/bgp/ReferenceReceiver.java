package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.GoBgp;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.NeighborState;

/**
 * FRR's bgpd or GoBGP as a receiver, started by the test bench's launchers: neither installs routes
 * into the kernel there, so they measure BGP alone, like the benchmark's BIRD.
 */
final class ReferenceReceiver implements BenchDaemon {

  private final String name;
  private final BgpDaemon daemon;

  private ReferenceReceiver(String name, BgpDaemon daemon) {
    this.name = name;
    this.daemon = daemon;
  }

  static ReferenceReceiver frr(Host host) {
    return new ReferenceReceiver("FRR", Frr.start(host, config()));
  }

  static ReferenceReceiver goBgp(Host host) {
    return new ReferenceReceiver("GoBGP", GoBgp.start(host, config()));
  }

  /** Accept everything from the sender, which connects to us. */
  private static BgpDaemonConfig config() {
    return BgpDaemonConfig.builder(Topology.RECEIVER_ADDRESS, Topology.AS)
        .neighbor(Neighbor.of(Topology.SENDER_ADDRESS, Topology.AS).asPassive())
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HostProcess process() {
    return daemon.process();
  }

  @Override
  public long acceptedPrefixes() {
    NeighborState state = daemon.neighbor(Topology.SENDER_ADDRESS);
    return state.receivedPrefixes() == null ? 0 : state.receivedPrefixes();
  }
}
