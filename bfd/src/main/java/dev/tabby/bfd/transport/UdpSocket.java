package dev.tabby.bfd.transport;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A UDP socket through libc, because the JDK's datagram channels can neither read the TTL (IPv6 hop
 * limit) of a received packet nor be told to report it. Packets are sent with TTL 255 and the TTL
 * of each received one is returned with it, so single-hop BFD can apply the GTSM check of RFC 5881
 * §5. The socket belongs to the network namespace of the thread that opened it. Receiving and
 * sending may happen on two threads; each direction is used by one thread at a time.
 */
public final class UdpSocket implements AutoCloseable {
  private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_REUSEADDR = 2;
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_BINDTODEVICE = 25;
  private static final int IPPROTO_IP = 0;
  private static final int IP_TTL = 2;
  private static final int IP_PKTINFO = 8;
  private static final int IP_RECVTTL = 12;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_UNICAST_HOPS = 16;
  private static final int IPV6_V6ONLY = 26;
  private static final int IPV6_RECVPKTINFO = 49;
  private static final int IPV6_PKTINFO = 50;
  private static final int IPV6_RECVHOPLIMIT = 51;
  private static final int IPV6_HOPLIMIT = 52;
  private static final int EAGAIN = 11;
  private static final int EINTR = 4;
  private static final int EADDRINUSE = 98;

  /** The largest sockaddr (sockaddr_in6). */
  private static final int SOCKADDR_BYTES = 28;

  /** Room for two control messages: the TTL and the packet's destination (in6_pktinfo). */
  private static final int CONTROL_BYTES = 128;

  static {
    // msghdr and cmsghdr are laid out by hand for LP64 Linux.
    if (RUNTIME.addressSize() != 8) {
      throw new IllegalStateException("the BFD socket supports 64-bit Linux only");
    }
  }

  /**
   * A received datagram: who sent it, to which of our addresses, with what TTL (or hop limit), and
   * how many bytes. The destination is null if the kernel did not say.
   */
  public record Received(
      IpAddress source, int sourcePort, IpAddress destination, int ttl, int length) {}

  private final int fd;
  private final IpFamily family;
  private final int scopeId;
  private final ByteBuffer sendTo = direct(SOCKADDR_BYTES);
  private final ByteBuffer sendBuffer = direct(512);
  private final ByteBuffer receiveFrom = direct(SOCKADDR_BYTES);
  private final ByteBuffer receiveBuffer = direct(2048);
  private final ByteBuffer control = direct(CONTROL_BYTES);
  private final ByteBuffer iovec = direct(16);
  private final ByteBuffer msghdr = direct(56);
  private volatile boolean closed;

  private UdpSocket(int fd, IpFamily family, int scopeId) {
    this.fd = fd;
    this.family = family;
    this.scopeId = scopeId;
    iovec.putLong(0, address(receiveBuffer)).putLong(8, receiveBuffer.capacity());
  }

  /**
   * Opens a socket bound to {@code local} (null: any address of the family) and {@code port}, on
   * {@code interfaceName} only if not null, sending with TTL 255 and reporting received TTLs.
   * Receive calls return empty-handed after {@code receiveTimeoutMillis} so a reader can notice
   * that the socket was closed.
   */
  public static UdpSocket open(
      IpFamily family, IpAddress local, int port, String interfaceName, int receiveTimeoutMillis) {
    return openInRange(family, local, port, port, interfaceName, receiveTimeoutMillis);
  }

  /**
   * Like {@link #open} on the first free port of {@code fromPort..toPort}, tried from a random one.
   */
  public static UdpSocket openInRange(
      IpFamily family,
      IpAddress local,
      int fromPort,
      int toPort,
      String interfaceName,
      int receiveTimeoutMillis) {
    boolean v6 = family == IpFamily.V6;
    int fd = LIBC.socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw failure("open a UDP socket");
    }
    try {
      ByteBuffer value = direct(64);
      long valueAddress = address(value);
      setInt(fd, value, SOL_SOCKET, SO_REUSEADDR, 1, "set SO_REUSEADDR");
      if (v6) {
        setInt(fd, value, IPPROTO_IPV6, IPV6_V6ONLY, 1, "set IPV6_V6ONLY");
        setInt(fd, value, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "set the hop limit to 255");
        setInt(fd, value, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "ask for received hop limits");
        setInt(fd, value, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "ask for destination addresses");
      } else {
        setInt(fd, value, IPPROTO_IP, IP_TTL, 255, "set the TTL to 255");
        setInt(fd, value, IPPROTO_IP, IP_RECVTTL, 1, "ask for received TTLs");
        setInt(fd, value, IPPROTO_IP, IP_PKTINFO, 1, "ask for destination addresses");
      }
      int scopeId = 0;
      if (interfaceName != null) {
        scopeId = LIBC.if_nametoindex(interfaceName);
        if (scopeId == 0) {
          throw failure("find interface " + interfaceName);
        }
        byte[] name = (interfaceName + "\0").getBytes(StandardCharsets.US_ASCII);
        value.clear();
        value.put(0, name);
        check(
            LIBC.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, valueAddress, name.length),
            "bind to interface " + interfaceName);
      }
      if (receiveTimeoutMillis > 0) {
        value
            .putLong(0, receiveTimeoutMillis / 1000)
            .putLong(8, (receiveTimeoutMillis % 1000) * 1000L);
        check(LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, valueAddress, 16), "set SO_RCVTIMEO");
      }
      bindInRange(fd, family, local, scopeId, fromPort, toPort);
      return new UdpSocket(fd, family, scopeId);
    } catch (RuntimeException e) {
      LIBC.close(fd);
      throw e;
    }
  }

  private static void bindInRange(
      int fd, IpFamily family, IpAddress local, int scopeId, int fromPort, int toPort) {
    ByteBuffer sockaddr = direct(SOCKADDR_BYTES);
    int span = toPort - fromPort + 1;
    int first = fromPort + (int) (Math.random() * span);
    for (int i = 0; i < span; i++) {
      int port = fromPort + (first - fromPort + i) % span;
      int length = writeSockaddr(sockaddr, family, local, port, scopeId);
      if (LIBC.bind(fd, address(sockaddr), length) == 0) {
        return;
      }
      int errno = RUNTIME.getLastError();
      if (errno != EADDRINUSE || i == span - 1) {
        String where = (local == null ? "any address" : local.toString()) + " port " + port;
        throw new UdpSocketException("bind UDP socket to " + where + ": " + LIBC.strerror(errno));
      }
    }
  }

  /** Sends one datagram to {@code destination} port {@code port}. */
  public void send(byte[] payload, IpAddress destination, int port) {
    sendBuffer.clear();
    sendBuffer.put(0, payload);
    int length = writeSockaddr(sendTo, family, destination, port, scopeId);
    long sent = LIBC.sendto(fd, sendBuffer, payload.length, 0, sendTo, length);
    if (sent < 0) {
      throw failure("send to " + destination + " port " + port);
    }
  }

  /**
   * Waits for one datagram and copies its payload to {@code into} from position 0.
   *
   * @return the datagram, or null if none came within the receive timeout or the socket closed
   */
  public Received receive(ByteBuffer into) {
    msghdr.clear();
    msghdr
        .putLong(0, address(receiveFrom))
        .putInt(8, SOCKADDR_BYTES)
        .putLong(16, address(iovec))
        .putLong(24, 1)
        .putLong(32, address(control))
        .putLong(40, CONTROL_BYTES)
        .putInt(48, 0);
    long length = LIBC.recvmsg(fd, address(msghdr), 0);
    if (length < 0) {
      int errno = RUNTIME.getLastError();
      if (errno == EAGAIN || errno == EINTR || closed) {
        return null;
      }
      throw new UdpSocketException("receive: " + LIBC.strerror(errno));
    }
    int bytes = (int) Math.min(length, into.capacity());
    for (int i = 0; i < bytes; i++) {
      into.put(i, receiveBuffer.get(i));
    }
    return new Received(sourceAddress(), sourcePort(), destination(), receivedTtl(), bytes);
  }

  private IpAddress sourceAddress() {
    byte[] bytes = new byte[family == IpFamily.V6 ? 16 : 4];
    receiveFrom.get(family == IpFamily.V6 ? 8 : 4, bytes);
    return IpAddress.of(bytes);
  }

  private int sourcePort() {
    return Short.toUnsignedInt(receiveFrom.order(ByteOrder.BIG_ENDIAN).getShort(2));
  }

  /** The TTL or hop limit from the control messages, or -1 if the kernel gave none. */
  private int receivedTtl() {
    boolean v6 = family == IpFamily.V6;
    int offset = controlData(v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_HOPLIMIT : IP_TTL);
    return offset < 0 ? -1 : control.getInt(offset);
  }

  /**
   * The destination address of the packet's IP header, from in_pktinfo (after the interface index
   * and the local address a reply would use) or in6_pktinfo (first); null if the kernel gave none.
   */
  private IpAddress destination() {
    boolean v6 = family == IpFamily.V6;
    int offset = controlData(v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_PKTINFO : IP_PKTINFO);
    if (offset < 0) {
      return null;
    }
    byte[] bytes = new byte[v6 ? 16 : 4];
    control.get(v6 ? offset : offset + 8, bytes);
    return IpAddress.of(bytes);
  }

  /** Where the data of the control message of {@code level} and {@code type} starts, or -1. */
  private int controlData(int level, int type) {
    long controlLength = msghdr.getLong(40);
    int offset = 0;
    while (offset + 16 <= controlLength) {
      long cmsgLength = control.getLong(offset);
      if (cmsgLength < 16) {
        break;
      }
      if (control.getInt(offset + 8) == level && control.getInt(offset + 12) == type) {
        return offset + 16;
      }
      offset += (int) ((cmsgLength + 7) & ~7L);
    }
    return -1;
  }

  private static int writeSockaddr(
      ByteBuffer sockaddr, IpFamily family, IpAddress address, int port, int scopeId) {
    sockaddr.clear();
    for (int i = 0; i < SOCKADDR_BYTES; i++) {
      sockaddr.put(i, (byte) 0);
    }
    sockaddr.order(ByteOrder.nativeOrder());
    if (family == IpFamily.V6) {
      sockaddr.putShort(0, (short) AF_INET6);
      sockaddr.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port);
      if (address != null) {
        sockaddr.put(8, address.toBytes());
      }
      sockaddr.order(ByteOrder.nativeOrder()).putInt(24, scopeId);
      return 28;
    }
    sockaddr.putShort(0, (short) AF_INET);
    sockaddr.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port);
    if (address != null) {
      sockaddr.put(4, address.toBytes());
    }
    sockaddr.order(ByteOrder.nativeOrder());
    return 16;
  }

  private static void setInt(int fd, ByteBuffer value, int level, int option, int v, String what) {
    value.putInt(0, v);
    check(LIBC.setsockopt(fd, level, option, address(value), 4), what);
  }

  private static void check(int result, String what) {
    if (result != 0) {
      throw failure(what);
    }
  }

  private static UdpSocketException failure(String what) {
    return new UdpSocketException(what + ": " + LIBC.strerror(RUNTIME.getLastError()));
  }

  private static ByteBuffer direct(int size) {
    return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
  }

  private static long address(ByteBuffer direct) {
    return Pointer.wrap(RUNTIME, direct).address();
  }

  /** Closes the socket; a reader blocked in {@link #receive} returns within its timeout. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LIBC.close(fd);
    }
  }
}
