package dev.tabby.node;

import dev.tabby.node.cni.CniInstaller;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the node's CNI conflist once pods can be wired; from then on the kubelet reports the node
 * network-ready. The sync asks on every pass, and its first passes can come before the CNI part has
 * started (the informers fire as soon as they watch): until {@link #cniStarted} such a request
 * writes nothing, and the start asks again itself, so a wanted write is not lost.
 */
final class ConflistWriter {
  private static final Logger log = LoggerFactory.getLogger(ConflistWriter.class);

  /** The started CNI part: whether its server can wire pods, and what writes the conflist. */
  private record StartedCni(BooleanSupplier canWirePods, CniInstaller installer) {}

  private volatile StartedCni cni;
  private volatile boolean written;

  /**
   * The CNI server is serving and the plugins are installed: writes the conflist now if pods can be
   * wired, else on a later {@link #writeWhenReady}.
   */
  void cniStarted(BooleanSupplier canWirePods, CniInstaller installer) {
    cni = new StartedCni(canWirePods, installer);
    writeWhenReady();
  }

  /** Writes the conflist, once, if the CNI part has started and can wire pods. */
  synchronized void writeWhenReady() {
    StartedCni started = cni;
    if (written || started == null || !started.canWirePods().getAsBoolean()) {
      return;
    }
    try {
      started.installer().writeConflist();
      written = true;
    } catch (IOException e) {
      log.error(
          "event=conflist-failed path={} reason=\"{}\"",
          started.installer().conflistPath(),
          e.getMessage());
    }
  }

  /** Whether the conflist is written: the node is network-ready. */
  boolean written() {
    return written;
  }
}
