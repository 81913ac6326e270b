package dev.tabby.ipam;

/** An IPAM request that cannot be met; the message says why in the operator's terms. */
public class IpamException extends RuntimeException {
  public IpamException(String message) {
    super(message);
  }
}
