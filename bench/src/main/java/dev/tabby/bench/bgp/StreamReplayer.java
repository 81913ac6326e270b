package dev.tabby.bench.bgp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Sends a stream {@link StreamRecorder} recorded, all at once: the same UPDATEs in the same order,
 * from a sender that costs nothing, so the receiver's own speed sets the pace. It connects to the
 * receiver, exchanges OPENs, writes the whole stream and then keeps the session up with KEEPALIVEs
 * while SESSION_FILE says {@code up}; {@code down} closes it, and {@code up} again connects anew
 * and resends the stream. Usage: {@code StreamReplayer STREAM_FILE SESSION_FILE}.
 */
public final class StreamReplayer {

  private static final Duration SESSION_FILE_POLL = Duration.ofMillis(100);
  private static final Duration CONNECT_RETRY = Duration.ofMillis(200);
  private static final Duration SESSION_RETRY = Duration.ofSeconds(1);

  /** Starts the line that gives when the UPDATEs are written, in microseconds since the epoch. */
  static final String WRITING = "writing UPDATEs at epoch-us ";

  private StreamReplayer() {}

  public static void main(String[] args) throws Exception {
    byte[] stream = Files.readAllBytes(Path.of(args[0]));
    Path sessionFile = Path.of(args[1]);
    // Encoded before "loaded": the codec's start-up is not sending, which the benchmark times.
    byte[] open = BgpWire.open(InetAddress.getByName(Topology.SENDER_ADDRESS));
    System.out.printf("loaded %d bytes of UPDATEs%n", stream.length);
    System.out.flush();
    while (true) {
      awaitSession(sessionFile, "up");
      try (Socket socket = connect()) {
        replay(socket, open, stream);
        System.out.println("stream sent");
        awaitSession(sessionFile, "down");
        System.out.println("session closed");
      } catch (IOException e) {
        // A receiver may refuse a new session for a while after the last one (GoBGP resets it
        // during the OPEN exchange): try again; the clock starts only with the UPDATEs.
        System.out.println("session failed (" + e + "); connecting again");
        Thread.sleep(SESSION_RETRY.toMillis());
      }
    }
  }

  private static Socket connect() throws IOException, InterruptedException {
    while (true) {
      Socket socket = new Socket();
      try {
        socket.bind(new InetSocketAddress(InetAddress.getByName(Topology.SENDER_ADDRESS), 0));
        socket.connect(
            new InetSocketAddress(
                InetAddress.getByName(Topology.RECEIVER_ADDRESS), Topology.BGP_PORT));
        return socket;
      } catch (IOException e) {
        socket.close();
        Thread.sleep(CONNECT_RETRY.toMillis());
      }
    }
  }

  /**
   * Opens the session, sends the stream, and from then on keeps it up: a thread reads and drops
   * what the receiver sends, and sends a KEEPALIVE every third of the hold time.
   */
  private static void replay(Socket socket, byte[] open, byte[] stream) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    BgpWire.write(out, open);
    // The receiver's OPEN, then its KEEPALIVE: it is in OpenConfirm and waits for ours.
    while (BgpWire.type(BgpWire.read(in)) != BgpWire.KEEPALIVE) {
      // its OPEN
    }
    BgpWire.write(out, BgpWire.keepalive());
    Thread keeper = new Thread(() -> keepUp(socket, in, out), "keepalive");
    keeper.setDaemon(true);
    keeper.start();
    // The benchmark's clock starts here: a receiver that drains its socket at once would
    // otherwise have up to a poll's head start on one that reads as it works.
    System.out.println(WRITING + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
    System.out.flush();
    synchronized (BgpWire.class) {
      out.write(stream);
      out.flush();
    }
  }

  private static void keepUp(Socket socket, DataInputStream in, OutputStream out) {
    Thread reader =
        new Thread(
            () -> {
              try {
                while (true) {
                  BgpWire.read(in);
                }
              } catch (IOException e) {
                // closed
              }
            },
            "drain");
    reader.setDaemon(true);
    reader.start();
    try {
      while (!socket.isClosed()) {
        Thread.sleep(BgpWire.HOLD_SECONDS * 1000L / 3);
        BgpWire.write(out, BgpWire.keepalive());
      }
    } catch (IOException | InterruptedException e) {
      // closed
    }
  }

  private static void awaitSession(Path sessionFile, String wanted) throws InterruptedException {
    while (true) {
      try {
        if (Files.readString(sessionFile).trim().equals(wanted)) {
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the session file " + sessionFile, e);
      }
      Thread.sleep(SESSION_FILE_POLL.toMillis());
    }
  }
}
