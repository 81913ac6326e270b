package dev.tabby.testbench.bfd;

import java.util.Optional;

/** A reference BFD implementation running in a lab host with one configured single-hop session. */
public interface BfdPeerDaemon extends AutoCloseable {

  /** The daemon's view of its session to {@code peer}, if it has one. */
  Optional<BfdPeerSession> session(String peer);

  /** Changes the daemon's own intervals and multiplier on the running session. */
  void setTimers(int minTxMs, int minRxMs, int multiplier);

  @Override
  void close();
}
