package dev.tabby.bfd.transport;

import java.nio.ByteBuffer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The libc calls a UDP socket with TTL control needs; pointers are addresses of direct buffers. */
public interface LibC {
  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int bind(int fd, @intptr_t long sockaddr, int addrlen);

  @SaveError
  int setsockopt(int fd, int level, int optname, @intptr_t long optval, int optlen);

  /** Takes the buffers themselves: with six arguments, raw addresses reach libc garbled. */
  @SaveError
  @ssize_t
  long sendto(
      int fd, @In ByteBuffer buf, @size_t long len, int flags, @In ByteBuffer to, int tolen);

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
