package dev.tabby.dataplane.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** The loaded libc binding, errno access and the addresses of direct buffers. */
public final class Native {
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;

  public static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

  static {
    // msghdr, iovec and sockaddr_nl are laid out by hand for LP64 Linux.
    if (RUNTIME.addressSize() != 8) {
      throw new IllegalStateException("the netlink client supports 64-bit Linux only");
    }
  }

  private Native() {}

  /** The errno the last call on this thread saved. */
  public static int errno() {
    return RUNTIME.getLastError();
  }

  /** A native-order direct buffer whose address stays fixed for its lifetime. */
  public static ByteBuffer allocate(int size) {
    return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
  }

  /** The address of byte 0 of a direct buffer. */
  public static long address(ByteBuffer direct) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("not a direct buffer");
    }
    return Pointer.wrap(RUNTIME, direct.duplicate().position(0)).address();
  }

  /** Opens a file read-only (close-on-exec) and returns its descriptor. */
  public static int openReadOnly(String path) {
    int fd = LIBC.open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw NetlinkException.fromErrno(errno(), "open " + path);
    }
    return fd;
  }

  /** Closes a descriptor, ignoring errors: used on cleanup paths. */
  public static void closeQuietly(int fd) {
    if (fd >= 0) {
      LIBC.close(fd);
    }
  }
}
