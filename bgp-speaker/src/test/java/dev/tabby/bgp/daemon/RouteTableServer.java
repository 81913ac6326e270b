package dev.tabby.bgp.daemon;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.net.IpPrefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A speaker holding a big table, with its state endpoint on a loopback port, in a JVM of its own
 * whose heap the test chooses: {@code RouteTableServer ROUTES}. It originates ROUTES /28s from
 * 10.0.0.0 on (every other one tagged {@link #TAG}), prints {@code listening PORT}, and stops when
 * its standard input closes.
 */
final class RouteTableServer {

  static final String TAG = "65000:2";

  /** Originations queued before waiting for the RIB, so the queue stays small in a small heap. */
  private static final int BATCH = 65_536;

  private RouteTableServer() {}

  public static void main(String[] args) throws IOException {
    int routes = Integer.parseInt(args[0]);
    Inet4Address routerId = (Inet4Address) InetAddress.getByName("10.255.255.254");
    try (BgpSpeaker speaker = BgpSpeaker.start(new SpeakerConfig(routerId, 65000, null, null))) {
      int tag = Communities.parse(TAG);
      for (int i = 0; i < routes; i++) {
        IpPrefix prefix = IpPrefix.ipv4(0x0A00_0000 + (i << 4), 28);
        if (i % 2 == 0) {
          speaker.originate(prefix);
        } else {
          speaker.originate(prefix, tag);
        }
        if (i % BATCH == BATCH - 1) {
          speaker.routeCount().join();
        }
      }
      speaker.routeCount().join();
      try (StateServer server =
          StateServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), speaker)) {
        System.out.println("listening " + server.address().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
          // Runs until the test closes our input.
        }
      }
    }
  }
}
