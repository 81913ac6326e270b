package dev.tabby.bgp.wire;

/** The KEEPALIVE message (RFC 4271 §4.4): a header and nothing else. */
public enum KeepaliveMessage implements BgpMessage {
  INSTANCE;

  @Override
  public int type() {
    return TYPE_KEEPALIVE;
  }

  @Override
  public String toString() {
    return "KEEPALIVE";
  }
}
