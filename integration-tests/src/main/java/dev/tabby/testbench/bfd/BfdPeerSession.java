package dev.tabby.testbench.bfd;

/**
 * One BFD session as a reference daemon reports it.
 *
 * @param state as the daemon spells it, lower case: "up", "down", "init", "admindown"
 * @param transmitIntervalMs the interval the daemon transmits at, after negotiation
 * @param detectionTimeMs how long the daemon waits without a packet before declaring us dead
 */
public record BfdPeerSession(
    String peer, String state, long transmitIntervalMs, long detectionTimeMs) {
  public boolean up() {
    return state.equals("up");
  }
}
