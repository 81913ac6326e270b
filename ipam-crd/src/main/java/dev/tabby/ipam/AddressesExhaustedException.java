package dev.tabby.ipam;

/** No pool serving the node has a free address the node is allowed to use. */
public class AddressesExhaustedException extends IpamException {
  public AddressesExhaustedException(String message) {
    super(message);
  }
}
