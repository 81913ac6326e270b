package dev.tabby.bgp.wire;

/**
 * Path attributes so long that not even one prefix fits with them in an UPDATE of the session's
 * longest message: the route cannot be announced to that peer at all (RFC 8654 §4 says so of a
 * route too long for a peer without extended messages).
 */
public final class AttributesTooLongException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  AttributesTooLongException(int maxMessageLength) {
    super(
        "path attributes too large: no room for a prefix in a "
            + maxMessageLength
            + "-byte UPDATE");
  }
}
