package dev.tabby.dataplane.netlink;

import static dev.tabby.dataplane.netlink.Native.LIBC;
import static dev.tabby.dataplane.netlink.Native.errno;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NETLINK_ROUTE socket. Requests go out many per {@code sendmsg}, each with its own sequence
 * number and {@code NLM_F_ACK}; every ack is matched back to its request, and a kernel error
 * becomes a failure naming the errno and the item it was about. Dumps interrupted by a concurrent
 * change ({@code NLM_F_DUMP_INTR}) are retried. The socket belongs to the network namespace of the
 * thread that opened it, whichever thread uses it later. Not thread-safe: callers serialise.
 */
public final class NetlinkSocket implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetlinkSocket.class);

  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_ROUTE = 0;
  private static final int SOL_SOCKET = 1;
  private static final int SO_SNDBUF = 7;
  private static final int SO_RCVBUF = 8;
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_SNDBUFFORCE = 32;
  private static final int SO_RCVBUFFORCE = 33;
  private static final int SOL_NETLINK = 270;
  private static final int NETLINK_CAP_ACK = 10;
  private static final int NETLINK_EXT_ACK = 11;
  private static final int NETLINK_GET_STRICT_CHK = 12;
  private static final int NLM_F_CAPPED = 0x100;
  private static final int SOCKADDR_NL_LEN = 12;
  private static final int MAX_DUMP_ATTEMPTS = 10;

  /** Room for the acks of a full chunk and for bursts of notifications during bulk changes. */
  public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 32 << 20;

  /** Bytes of requests per sendmsg; well inside the send buffer. */
  private static final int CHUNK_BYTES = 128 * 1024;

  /**
   * Each ack is its own socket buffer in the kernel, costing up to ~1 KiB of the receive buffer
   * however small; a chunk never asks for more acks than the receive buffer can hold.
   */
  private static final int RECEIVE_BUFFER_BYTES_PER_ACK = 1024;

  /** Items of a batch, encoded one request each. */
  public interface Encoder<T> {
    void encode(MessageWriter writer, int seq, T item);
  }

  /** Told about each item the kernel refused. */
  public interface FailureHandler<T> {
    void failed(T item, int errno, String kernelMessage);
  }

  /** Turns one dumped message into a value, or null to skip it. */
  public interface Decoder<T> {
    T decode(ByteBuffer buffer, int start, int length, int type);
  }

  private final int fd;
  private final ByteBuffer kernelAddress = Native.allocate(SOCKADDR_NL_LEN);
  private final ByteBuffer iovec = Native.allocate(16);
  private final ByteBuffer msghdr = Native.allocate(56);
  private final ByteBuffer receive = Native.allocate(256 * 1024);
  private final MessageWriter writer = new MessageWriter(Native.allocate(CHUNK_BYTES + 64 * 1024));
  private final long kernelAddressAddress = Native.address(kernelAddress);
  private final long writerAddress = Native.address(writer.buffer());
  private final long iovecAddress = Native.address(iovec);
  private final long msghdrAddress = Native.address(msghdr);
  private final long receiveAddress = Native.address(receive);
  private final int maxAcksPerChunk;
  private final int portId;
  private int seq = (int) (System.nanoTime() & 0x3fffffff);
  private boolean closed;

  private NetlinkSocket(int fd, int receiveBufferBytes, int portId) {
    this.fd = fd;
    this.portId = portId;
    this.maxAcksPerChunk = Math.max(64, receiveBufferBytes / RECEIVE_BUFFER_BYTES_PER_ACK);
    kernelAddress.putShort(0, (short) AF_NETLINK);
    msghdr.putLong(16, iovecAddress);
    msghdr.putLong(24, 1);
  }

  /**
   * The socket's netlink port id, which the kernel puts in the header (nlmsg_pid) of the
   * notifications of changes this socket made.
   */
  public int portId() {
    return portId;
  }

  /** A request socket, in the calling thread's network namespace. */
  public static NetlinkSocket open() {
    return open(0, 0, DEFAULT_RECEIVE_BUFFER_BYTES);
  }

  /**
   * A socket subscribed to the multicast groups in {@code groups} (RTMGRP_* bits), with receive
   * calls that give up after {@code receiveTimeoutMillis} (0: wait forever), and a kernel receive
   * buffer of {@code receiveBufferBytes}.
   */
  public static NetlinkSocket open(int groups, int receiveTimeoutMillis, int receiveBufferBytes) {
    int fd = LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
      throw NetlinkException.fromErrno(errno(), "open netlink socket");
    }
    try {
      ByteBuffer value = Native.allocate(16);
      long valueAddress = Native.address(value);
      sizeBuffer(fd, value, valueAddress, SO_SNDBUFFORCE, SO_SNDBUF, 4 << 20);
      sizeBuffer(fd, value, valueAddress, SO_RCVBUFFORCE, SO_RCVBUF, receiveBufferBytes);
      // Optional: shorter acks, the kernel's own error text, and kernel-side dump filtering.
      for (int option : new int[] {NETLINK_CAP_ACK, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK}) {
        value.putInt(0, 1);
        LIBC.setsockopt(fd, SOL_NETLINK, option, valueAddress, 4);
      }
      if (receiveTimeoutMillis > 0) {
        value
            .putLong(0, receiveTimeoutMillis / 1000)
            .putLong(8, (receiveTimeoutMillis % 1000) * 1000L);
        check(LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, valueAddress, 16), "set SO_RCVTIMEO");
      }
      value.clear();
      value.putShort(0, (short) AF_NETLINK).putShort(2, (short) 0).putInt(4, 0).putInt(8, groups);
      check(LIBC.bind(fd, valueAddress, SOCKADDR_NL_LEN), "bind netlink socket");
      // What the kernel granted (it may cap or double the request) bounds the acks per chunk.
      int granted = getInt(fd, value, valueAddress, SOL_SOCKET, SO_RCVBUF);
      log.debug("netlink socket {} open, groups {}, receive buffer {} bytes", fd, groups, granted);
      // The port the kernel bound us to: it names this socket in the notifications of its writes.
      value.putInt(SOCKADDR_NL_LEN, SOCKADDR_NL_LEN);
      check(LIBC.getsockname(fd, valueAddress, valueAddress + SOCKADDR_NL_LEN), "getsockname");
      return new NetlinkSocket(fd, granted, value.getInt(4));
    } catch (RuntimeException e) {
      LIBC.close(fd);
      throw e;
    }
  }

  /** Tries the privileged (FORCE) option first, then the ordinary one capped by the sysctl. */
  private static void sizeBuffer(
      int fd, ByteBuffer value, long valueAddress, int forceOption, int option, int bytes) {
    value.putInt(0, bytes);
    if (LIBC.setsockopt(fd, SOL_SOCKET, forceOption, valueAddress, 4) != 0) {
      value.putInt(0, bytes);
      check(LIBC.setsockopt(fd, SOL_SOCKET, option, valueAddress, 4), "size socket buffer");
    }
  }

  private static int getInt(int fd, ByteBuffer value, long valueAddress, int level, int option) {
    value.putInt(8, 4);
    check(LIBC.getsockopt(fd, level, option, valueAddress, valueAddress + 8), "getsockopt");
    return value.getInt(0);
  }

  private static void check(int result, String what) {
    if (result != 0) {
      throw NetlinkException.fromErrno(errno(), what);
    }
  }

  /**
   * Sends one request per item, as many per sendmsg as fit, and waits for every ack. Items the
   * kernel refuses go to {@code onFailure}; the rest of the batch is applied regardless.
   *
   * @return the number of refused items
   */
  public <T> int execute(List<T> items, Encoder<T> encoder, FailureHandler<T> onFailure) {
    int failures = 0;
    int index = 0;
    while (index < items.size()) {
      writer.clear();
      int firstSeq = seq;
      int first = index;
      while (index < items.size()
          && writer.position() < CHUNK_BYTES
          && index - first < maxAcksPerChunk) {
        encoder.encode(writer, seq++, items.get(index++));
      }
      send(writer.position());
      failures += awaitAcks(items, first, firstSeq, index - first, onFailure);
    }
    return failures;
  }

  /** Sends one request and throws if the kernel refuses it. */
  public <T> void executeOne(T item, Encoder<T> encoder, String about) {
    NetlinkException[] failure = new NetlinkException[1];
    execute(
        List.of(item),
        encoder,
        (i, errno, message) -> failure[0] = NetlinkException.fromErrno(errno, about, message));
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private <T> int awaitAcks(
      List<T> items, int first, int firstSeq, int count, FailureHandler<T> onFailure) {
    int acked = 0;
    int failures = 0;
    while (acked < count) {
      int length = receive("waiting for acks");
      int offset = 0;
      while (offset + Rtnl.NLMSG_HDRLEN <= length) {
        int messageLength = receive.getInt(offset);
        if (messageLength < Rtnl.NLMSG_HDRLEN || offset + messageLength > length) {
          break;
        }
        int type = receive.getShort(offset + 4) & 0xffff;
        int index = receive.getInt(offset + 8) - firstSeq;
        if (type == Rtnl.NLMSG_ERROR && index >= 0 && index < count) {
          acked++;
          int error = receive.getInt(offset + Rtnl.NLMSG_HDRLEN);
          if (error != 0) {
            failures++;
            onFailure.failed(items.get(first + index), -error, extendedAckMessage(offset));
          }
        }
        offset += Rtnl.align(messageLength);
      }
    }
    return failures;
  }

  /** The kernel's explanation (NLMSGERR_ATTR_MSG) carried by the error message at offset. */
  private String extendedAckMessage(int offset) {
    int flags = receive.getShort(offset + 6) & 0xffff;
    if ((flags & Rtnl.NLM_F_ACK_TLVS) == 0) {
      return null;
    }
    int original = offset + Rtnl.NLMSG_HDRLEN + 4;
    int copied =
        (flags & NLM_F_CAPPED) != 0 ? Rtnl.NLMSG_HDRLEN : Rtnl.align(receive.getInt(original));
    AttributeCursor attributes =
        new AttributeCursor().reset(receive, original + copied, offset + receive.getInt(offset));
    while (attributes.next()) {
      if (attributes.type() == Rtnl.NLMSGERR_ATTR_MSG) {
        return attributes.string();
      }
    }
    return null;
  }

  /**
   * Runs a dump request and decodes every answer; restarts the dump when the kernel marks it
   * interrupted by a concurrent change.
   */
  public <T> List<T> dump(Encoder<Void> request, Decoder<T> decoder) {
    for (int attempt = 1; ; attempt++) {
      List<T> results = new ArrayList<>();
      if (!dumpOnce(request, decoder, results)) {
        return results;
      }
      if (attempt == MAX_DUMP_ATTEMPTS) {
        throw new NetlinkException(
            Errno.EINTR, "dump interrupted by concurrent changes " + attempt + " times in a row");
      }
      log.debug("dump interrupted by a concurrent change; retrying");
    }
  }

  /**
   * @return whether the dump was interrupted
   */
  private <T> boolean dumpOnce(Encoder<Void> request, Decoder<T> decoder, List<T> results) {
    writer.clear();
    int dumpSeq = seq++;
    request.encode(writer, dumpSeq, null);
    send(writer.position());
    boolean interrupted = false;
    while (true) {
      int length = receive("reading a dump");
      int offset = 0;
      while (offset + Rtnl.NLMSG_HDRLEN <= length) {
        int messageLength = receive.getInt(offset);
        if (messageLength < Rtnl.NLMSG_HDRLEN || offset + messageLength > length) {
          break;
        }
        int type = receive.getShort(offset + 4) & 0xffff;
        int flags = receive.getShort(offset + 6) & 0xffff;
        if (receive.getInt(offset + 8) == dumpSeq) {
          interrupted |= (flags & Rtnl.NLM_F_DUMP_INTR) != 0;
          if (type == Rtnl.NLMSG_DONE) {
            return interrupted;
          } else if (type == Rtnl.NLMSG_ERROR) {
            int error = -receive.getInt(offset + Rtnl.NLMSG_HDRLEN);
            if (error != 0) {
              throw NetlinkException.fromErrno(error, "dump", extendedAckMessage(offset));
            }
          } else if (type >= Rtnl.RTM_NEWLINK) {
            T value = decoder.decode(receive, offset, messageLength, type);
            if (value != null) {
              results.add(value);
            }
          }
        }
        offset += Rtnl.align(messageLength);
      }
    }
  }

  /**
   * Sends one request that the kernel answers with a single message (e.g. RTM_GETLINK naming one
   * link) and decodes the answer.
   *
   * @return the decoded answer; empty if the kernel refused the request with {@code absentErrno}
   *     (e.g. ENODEV: there is no such link)
   * @throws NetlinkException for any other refusal, naming {@code about}
   */
  public <T> Optional<T> get(
      Encoder<Void> request, Decoder<T> decoder, int absentErrno, String about) {
    writer.clear();
    int requestSeq = seq++;
    request.encode(writer, requestSeq, null);
    send(writer.position());
    while (true) {
      int length = receive("waiting to " + about);
      int offset = 0;
      while (offset + Rtnl.NLMSG_HDRLEN <= length) {
        int messageLength = receive.getInt(offset);
        if (messageLength < Rtnl.NLMSG_HDRLEN || offset + messageLength > length) {
          break;
        }
        if (receive.getInt(offset + 8) == requestSeq) {
          int type = receive.getShort(offset + 4) & 0xffff;
          if (type != Rtnl.NLMSG_ERROR) {
            return Optional.ofNullable(decoder.decode(receive, offset, messageLength, type));
          }
          int error = -receive.getInt(offset + Rtnl.NLMSG_HDRLEN);
          if (error == absentErrno) {
            return Optional.empty();
          }
          throw NetlinkException.fromErrno(error, about, extendedAckMessage(offset));
        }
        offset += Rtnl.align(messageLength);
      }
    }
  }

  /**
   * Waits for the next batch of messages (notifications, on a subscribed socket) and hands each to
   * the handler.
   *
   * @return false if the receive timed out with nothing to read
   * @throws NetlinkOverrunException when the kernel dropped notifications
   */
  public boolean receiveMessages(MessageHandler handler) {
    int length;
    try {
      length = receive("reading notifications");
    } catch (NetlinkException e) {
      if (e.errno() == Errno.EAGAIN) {
        return false;
      }
      throw e;
    }
    int offset = 0;
    while (offset + Rtnl.NLMSG_HDRLEN <= length) {
      int messageLength = receive.getInt(offset);
      if (messageLength < Rtnl.NLMSG_HDRLEN || offset + messageLength > length) {
        break;
      }
      handler.handle(receive, offset, messageLength, receive.getShort(offset + 4) & 0xffff);
      offset += Rtnl.align(messageLength);
    }
    return true;
  }

  /** Told about each received message. */
  public interface MessageHandler {
    void handle(ByteBuffer buffer, int start, int length, int type);
  }

  /** Sends the first {@code length} bytes the writer holds to the kernel. */
  private void send(int length) {
    iovec.putLong(0, writerAddress).putLong(8, length);
    msghdr.putLong(0, kernelAddressAddress).putInt(8, SOCKADDR_NL_LEN);
    while (true) {
      long sent = LIBC.sendmsg(fd, msghdrAddress, 0);
      if (sent >= 0) {
        return;
      }
      int errno = errno();
      if (errno != Errno.EINTR) {
        throw NetlinkException.fromErrno(errno, "send netlink request");
      }
    }
  }

  private int receive(String doing) {
    iovec.putLong(0, receiveAddress).putLong(8, receive.capacity());
    msghdr.putLong(0, 0).putInt(8, 0);
    while (true) {
      long received = LIBC.recvmsg(fd, msghdrAddress, 0);
      if (received >= 0) {
        return (int) received;
      }
      int errno = errno();
      if (errno != Errno.EINTR) {
        throw NetlinkException.fromErrno(errno, "netlink receive while " + doing);
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LIBC.close(fd);
    }
  }

  /** For log lines: the descriptor. */
  @Override
  public String toString() {
    return "netlink socket " + fd;
  }
}
