package dev.tabby.bench.bgp;

/**
 * Takes a sender's session to the receiver down or brings it back, so the sender resends its whole
 * table over a new session to a receiver that has already loaded it once.
 */
@FunctionalInterface
interface SessionSwitch {

  /** Ends the session ({@code up} false) or lets the sender connect again ({@code up} true). */
  void set(boolean up);
}
