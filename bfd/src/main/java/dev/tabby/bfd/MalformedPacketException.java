package dev.tabby.bfd;

/** A received datagram that RFC 5880 §6.8.6 says to discard, with the rule it broke. */
public final class MalformedPacketException extends Exception {
  public MalformedPacketException(String reason) {
    super(reason, null, false, false);
  }
}
