package dev.tabby.dataplane.netlink;

/** A failed netlink request or socket call: the errno and what the request was about. */
public class NetlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public NetlinkException(int errno, String message) {
    super(message);
    this.errno = errno;
  }

  /**
   * "add route 10.0.0.0/24 via 192.0.2.1 table 100: ENETUNREACH (Network is unreachable)", followed
   * by the kernel's extended-ack text when it gave one.
   */
  public static NetlinkException fromErrno(int errno, String about) {
    return fromErrno(errno, about, null);
  }

  public static NetlinkException fromErrno(int errno, String about, String kernelMessage) {
    StringBuilder text = new StringBuilder(about).append(": ").append(Errno.name(errno));
    text.append(" (").append(Native.LIBC.strerror(errno)).append(')');
    if (kernelMessage != null && !kernelMessage.isEmpty()) {
      text.append(": ").append(kernelMessage);
    }
    return errno == Errno.ENOBUFS
        ? new NetlinkOverrunException(text.toString())
        : new NetlinkException(errno, text.toString());
  }

  /** The positive errno value, e.g. 19 for ENODEV. */
  public int errno() {
    return errno;
  }
}
