package dev.tabby.bgp.session;

/** The states of the BGP finite state machine (RFC 4271 §8.2.2), named as routers print them. */
public enum SessionState {
  IDLE("Idle"),
  CONNECT("Connect"),
  ACTIVE("Active"),
  OPEN_SENT("OpenSent"),
  OPEN_CONFIRM("OpenConfirm"),
  ESTABLISHED("Established");

  private final String displayName;

  SessionState(String displayName) {
    this.displayName = displayName;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
