package dev.tabby.bench.rr;

import dev.tabby.bench.bgp.BgpWire;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Capabilities;
import dev.tabby.bgp.wire.OpenMessage;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One simulated client: a non-blocking TCP connection from the client's own address to the
 * reflector, the minimal BGP session on it (OPEN, KEEPALIVE, its one UPDATE), and the set of other
 * clients' prefixes it holds, counted from the reflected UPDATEs.
 */
final class ClientSession implements UpdateWire.PrefixSink {

  /** The hold time the clients propose; they send a KEEPALIVE every third of it. */
  static final int HOLD_SECONDS = 90;

  private static final int BGP_PORT = 179;
  private static final int BUFFER_BYTES = 16 * 1024;
  private static final byte[] KEEPALIVE = BgpWire.keepalive();

  enum State {
    CONNECTING,
    OPEN_SENT,
    OPEN_CONFIRM,
    ESTABLISHED
  }

  private final int client;
  private final ClientPlan plan;
  private final Tally tally;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
  private final long[] held;
  private int heldCount;
  private State state = State.CONNECTING;

  private ClientSession(
      int client, ClientPlan plan, Tally tally, SocketChannel channel, SelectionKey key) {
    this.client = client;
    this.plan = plan;
    this.tally = tally;
    this.channel = channel;
    this.key = key;
    this.held = new long[(plan.clients() + 63) / 64];
  }

  /** Opens the connection from the client's address; the selector says when it is up. */
  static ClientSession connect(int client, ClientPlan plan, Tally tally, Selector selector)
      throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    channel.bind(new InetSocketAddress(address(plan.clientAddress(client)), 0));
    channel.connect(new InetSocketAddress(address(ClientPlan.reflectorAddress()), BGP_PORT));
    SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
    ClientSession session = new ClientSession(client, plan, tally, channel, key);
    key.attach(session);
    return session;
  }

  int client() {
    return client;
  }

  State state() {
    return state;
  }

  int heldCount() {
    return heldCount;
  }

  /** Handles what the selector reports ready for this session. */
  void ready() throws IOException {
    if (key.isConnectable()) {
      channel.finishConnect();
      key.interestOps(SelectionKey.OP_READ);
      state = State.OPEN_SENT;
      send(open());
    }
    if (key.isValid() && key.isWritable()) {
      flush();
    }
    if (key.isValid() && key.isReadable()) {
      read();
    }
  }

  void announce() throws IOException {
    send(UpdateWire.announce(plan.prefixAddress(client), ClientPlan.PREFIX_LENGTH, ownAddress()));
  }

  void withdraw() throws IOException {
    send(UpdateWire.withdraw(plan.prefixAddress(client), ClientPlan.PREFIX_LENGTH));
  }

  void keepalive() throws IOException {
    send(KEEPALIVE);
  }

  @Override
  public void withdrawn(int address, int length) {
    int other = plan.clientOf(address, length);
    if (other < 0) {
      tally.unexpectedPrefix();
    } else if (other != client && isHeld(other)) {
      held[other >>> 6] &= ~(1L << other);
      heldCount--;
    }
  }

  @Override
  public void announced(int address, int length, int nextHop) {
    int other = plan.clientOf(address, length);
    if (other < 0) {
      tally.unexpectedPrefix();
      return;
    }
    if (other == client) {
      tally.ownPrefixReflected();
      return;
    }
    if (nextHop != plan.clientAddress(other)) {
      tally.nextHopChanged();
    }
    if (isHeld(other)) {
      tally.duplicate();
    } else {
      held[other >>> 6] |= 1L << other;
      heldCount++;
    }
  }

  private boolean isHeld(int other) {
    return (held[other >>> 6] & (1L << other)) != 0;
  }

  private int ownAddress() {
    return plan.clientAddress(client);
  }

  private void read() throws IOException {
    while (true) {
      int read = channel.read(in);
      if (read < 0) {
        throw new IOException(this + ": the reflector closed the connection");
      }
      if (read == 0) {
        return;
      }
      handleMessages();
    }
  }

  /** Handles every whole message in the buffer and keeps the partial one for the next read. */
  private void handleMessages() throws IOException {
    int start = 0;
    int end = in.position();
    while (true) {
      int length = UpdateWire.length(in, start, end);
      if (length < 0 || end - start < length) {
        break;
      }
      if (length < UpdateWire.HEADER || length > BUFFER_BYTES) {
        throw new IOException(this + ": bad BGP message length " + length);
      }
      handle(UpdateWire.type(in, start), start, length);
      start += length;
    }
    in.limit(end).position(start);
    in.compact();
  }

  private void handle(int type, int start, int length) throws IOException {
    switch (type) {
      case UpdateWire.TYPE_OPEN -> {
        state = State.OPEN_CONFIRM;
        send(KEEPALIVE);
      }
      case UpdateWire.TYPE_KEEPALIVE -> {
        if (state == State.OPEN_CONFIRM) {
          state = State.ESTABLISHED;
          tally.established(this);
        }
      }
      case UpdateWire.TYPE_UPDATE -> {
        UpdateWire.readUpdate(in, start, length, this);
        tally.updated(this);
      }
      case UpdateWire.TYPE_NOTIFICATION ->
          throw new IOException(
              this
                  + ": NOTIFICATION from the reflector, code "
                  + (in.get(start + UpdateWire.HEADER) & 0xFF)
                  + " subcode "
                  + (in.get(start + UpdateWire.HEADER + 1) & 0xFF));
      default -> {
        // ROUTE-REFRESH and anything newer: nothing for a client that only counts.
      }
    }
  }

  private void send(byte[] message) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(message);
    if (out.isEmpty()) {
      channel.write(buffer);
      if (!buffer.hasRemaining()) {
        return;
      }
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }
    out.add(buffer);
  }

  private void flush() throws IOException {
    while (!out.isEmpty()) {
      ByteBuffer buffer = out.peek();
      channel.write(buffer);
      if (buffer.hasRemaining()) {
        return;
      }
      out.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private byte[] open() {
    Capabilities capabilities =
        Capabilities.builder()
            .multiprotocol(AddressFamily.IPV4_UNICAST)
            .fourOctetAs(ClientPlan.AS)
            .build();
    return BgpWire.encode(
        OpenMessage.of(
            ClientPlan.AS, HOLD_SECONDS, (Inet4Address) address(ownAddress()), capabilities));
  }

  private static InetAddress address(int address) {
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  @Override
  public String toString() {
    return "client " + client + " (" + plan.client(client) + ", " + state + ")";
  }
}
