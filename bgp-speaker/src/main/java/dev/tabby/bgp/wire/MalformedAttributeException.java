package dev.tabby.bgp.wire;

/**
 * An attribute value could not be parsed. Internal to UPDATE decoding, which decides by the RFC
 * 7606 rules what that means for the message; no stack trace, it is about input.
 */
final class MalformedAttributeException extends Exception {
  private final int subcode;

  /**
   * @param subcode the UPDATE Message Error subcode to use should the session be reset
   */
  MalformedAttributeException(int subcode, String message) {
    super(message, null, false, false);
    this.subcode = subcode;
  }

  int subcode() {
    return subcode;
  }
}
