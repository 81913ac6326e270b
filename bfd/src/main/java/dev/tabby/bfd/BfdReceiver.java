package dev.tabby.bfd;

import dev.tabby.bfd.transport.UdpSocket;
import dev.tabby.bfd.transport.UdpSocketException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that reads one family's port-3784 socket and hands each datagram, with its TTL, to the
 * sessions. It owns the socket and closes it once it has stopped reading.
 */
final class BfdReceiver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BfdReceiver.class);

  /** How long a blocked read waits before checking whether it should stop. */
  static final int POLL_MILLIS = 200;

  interface Handler {
    void received(UdpSocket.Received datagram, ByteBuffer payload);
  }

  private final UdpSocket socket;
  private final Thread thread;
  private volatile boolean running = true;

  BfdReceiver(UdpSocket socket, String name, Handler handler) {
    this.socket = socket;
    this.thread = new Thread(() -> run(handler), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Handler handler) {
    ByteBuffer payload = ByteBuffer.allocate(2048);
    while (running) {
      try {
        UdpSocket.Received datagram = socket.receive(payload);
        if (datagram != null && running) {
          handler.received(datagram, payload.duplicate());
          payload = ByteBuffer.allocate(2048);
        }
      } catch (UdpSocketException e) {
        log.warn("bfd receive failed error=\"{}\"", e.getMessage());
      } catch (RuntimeException e) {
        log.error("bfd receive handler failed", e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(POLL_MILLIS * 5L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.close();
  }
}
