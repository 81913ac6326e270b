package dev.tabby.bfd;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.bfd.BfdPeerDaemon;
import dev.tabby.testbench.bfd.FrrBfd;

class FrrBfdIT extends BfdInteropContract {
  @Override
  BfdPeerDaemon startPeer(
      Host host, String local, String peer, boolean multihop, int tx, int rx, int mult) {
    return multihop
        ? FrrBfd.startMultihop(host, local, peer, tx, rx, mult)
        : FrrBfd.start(host, local, peer, tx, rx, mult);
  }
}
