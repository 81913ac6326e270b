package dev.tabby.bgp.session;

/** A connector whose attempts never end: no connection, no failure, until the session gives up. */
class SilentConnector implements Connector {

  private final String target;

  SilentConnector(String target) {
    this.target = target;
  }

  @Override
  public Cancellable connect(BgpSession session) {
    return () -> {};
  }

  @Override
  public String target() {
    return target;
  }
}
