package dev.tabby.bfd.transport;

import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.ssize_t;

/** The libc calls a UDP socket with TTL control needs; pointers are addresses of direct buffers. */
interface LibC {
  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int bind(int fd, @intptr_t long sockaddr, int addrlen);

  @SaveError
  int setsockopt(int fd, int level, int optname, @intptr_t long optval, int optlen);

  @SaveError
  @ssize_t
  long sendto(int fd, @intptr_t long buf, long len, int flags, @intptr_t long to, int tolen);

  @SaveError
  @ssize_t
  long recvmsg(int fd, @intptr_t long msghdr, int flags);

  @SaveError
  int close(int fd);

  @SaveError
  int if_nametoindex(String name);

  @IgnoreError
  String strerror(int errnum);
}
