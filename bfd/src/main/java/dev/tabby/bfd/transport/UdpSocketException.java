package dev.tabby.bfd.transport;

/** A socket call the kernel refused, with what was being done and the kernel's reason. */
public final class UdpSocketException extends RuntimeException {
  public UdpSocketException(String message) {
    super(message);
  }
}
