package dev.tabby.bfd;

/** Told of every state change of every session, on the BFD thread: return quickly. */
@FunctionalInterface
public interface BfdStateListener {
  /**
   * @param diagnostic why the session left Up (or NONE)
   */
  void stateChanged(BfdPeer peer, BfdState from, BfdState to, Diagnostic diagnostic);
}
