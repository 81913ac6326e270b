package dev.tabby.dataplane.netlink;

import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls a netlink client needs. Pointers are passed as raw addresses of direct buffers so
 * a call allocates nothing on the Java side.
 */
public interface LibC {
  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int bind(int fd, @intptr_t long sockaddr, int addrlen);

  @SaveError
  @ssize_t
  long sendmsg(int fd, @intptr_t long msghdr, int flags);

  @SaveError
  @ssize_t
  long recvmsg(int fd, @intptr_t long msghdr, int flags);

  @SaveError
  int setsockopt(int fd, int level, int optname, @intptr_t long optval, int optlen);

  @SaveError
  int getsockopt(int fd, int level, int optname, @intptr_t long optval, @intptr_t long optlen);

  @SaveError
  int getsockname(int fd, @intptr_t long sockaddr, @intptr_t long addrlen);

  @SaveError
  int close(int fd);

  @SaveError
  int open(String path, int flags);

  @SaveError
  int setns(int fd, int nstype);

  @IgnoreError
  String strerror(int errnum);
}
