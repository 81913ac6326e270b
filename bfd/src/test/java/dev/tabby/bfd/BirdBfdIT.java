package dev.tabby.bfd;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.bfd.BfdPeerDaemon;
import dev.tabby.testbench.bfd.BirdBfd;

class BirdBfdIT extends BfdInteropContract {
  @Override
  BfdPeerDaemon startPeer(
      Host host, String local, String peer, boolean multihop, int tx, int rx, int mult) {
    return multihop
        ? BirdBfd.startMultihop(host, local, peer, tx, rx, mult)
        : BirdBfd.start(host, local, peer, tx, rx, mult);
  }
}
