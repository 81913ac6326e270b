package dev.tabby.bfd;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.bfd.BfdPeerDaemon;
import dev.tabby.testbench.bfd.BirdBfd;

class BirdBfdIT extends BfdInteropContract {
  @Override
  LinkAddresses addresses() {
    return IPV4;
  }

  @Override
  BfdPeerDaemon startPeer(Host host, String local, String peer, int tx, int rx, int mult) {
    return BirdBfd.start(host, local, peer, tx, rx, mult);
  }
}
