package dev.tabby.dataplane.netlink;

/**
 * The socket's receive buffer overflowed (ENOBUFS) and the kernel dropped messages: whoever mirrors
 * kernel state must resynchronise fully.
 */
public final class NetlinkOverrunException extends NetlinkException {
  private static final long serialVersionUID = 1L;

  public NetlinkOverrunException(String message) {
    super(Errno.ENOBUFS, message);
  }
}
