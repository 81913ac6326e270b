package dev.tabby.bgp.session;

/** Something started that can be called off: a timer, a connection attempt. */
@FunctionalInterface
public interface Cancellable {
  /** Calls it off; no effect if it already finished. */
  void cancel();
}
