package dev.tabby.bench.bgp;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records the UPDATEs a sender sends, byte for byte and in its order, for {@link StreamReplayer}.
 * It listens as the receiver, answers the sender's OPEN, and writes every UPDATE to the file until
 * the sender has been silent for {@link #QUIET_MILLIS} after its first UPDATE (BIRD's own last
 * batch comes some 3 s after the rest). Usage: {@code StreamRecorder FILE}.
 */
public final class StreamRecorder {

  private static final int QUIET_MILLIS = 6_000;

  private StreamRecorder() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    InetAddress self = InetAddress.getByName(Topology.RECEIVER_ADDRESS);
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(self, Topology.BGP_PORT));
      System.out.println("listening");
      System.out.flush();
      try (Socket socket = server.accept();
          OutputStream recorded = new BufferedOutputStream(Files.newOutputStream(file))) {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        BgpWire.write(out, BgpWire.open(self));
        BgpWire.write(out, BgpWire.keepalive());
        long updates = 0;
        long bytes = 0;
        while (true) {
          byte[] message;
          try {
            message = BgpWire.read(in);
          } catch (SocketTimeoutException e) {
            break;
          }
          if (BgpWire.type(message) == BgpWire.UPDATE) {
            recorded.write(message);
            updates++;
            bytes += message.length;
            socket.setSoTimeout(QUIET_MILLIS);
          }
        }
        System.out.printf("recorded %d UPDATEs, %d bytes%n", updates, bytes);
      }
    }
  }
}
