package dev.tabby.bench.bgp;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.wire.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Tabby as the sender: the embedded {@link BgpSpeaker} originates N /28s and, once its Loc-RIB
 * holds them all, connects to the receiver and stays up until killed. It stands in for {@code
 * tabby-bgp}, whose YAML config cannot hold a million prefixes. Usage: {@code TabbySender
 * PREFIXES}.
 */
public final class TabbySender {

  private TabbySender() {}

  public static void main(String[] args) throws Exception {
    int prefixes = Integer.parseInt(args[0]);
    InetAddress self = InetAddress.getByName(Topology.SENDER_ADDRESS);
    BgpSpeaker speaker =
        BgpSpeaker.start(new SpeakerConfig((Inet4Address) self, Topology.AS, null, null));
    long start = System.nanoTime();
    for (int i = 0; i < prefixes; i++) {
      speaker.originate(Prefix.parse(Prefixes.nth(i)));
    }
    System.out.printf(
        "originate() called for %d prefixes in %.1f s%n",
        prefixes, (System.nanoTime() - start) / 1e9);
    // The RIB answers queries in order, so this returns once every origination is in the Loc-RIB:
    // like BIRD's statics, the table is complete before the session starts.
    int loaded = speaker.routes().join().size();
    // The benchmark counts the sender's CPU time from here on as sending (TabbyDaemon.sender).
    System.out.printf(
        Locale.ROOT,
        "Loc-RIB holds %d prefixes after %.1f s, CPU time used %d ms%n",
        loaded,
        (System.nanoTime() - start) / 1e9,
        ProcessCpu.used(ProcessHandle.current().pid()).toMillis());
    System.out.flush();
    speaker.addPeer(
        PeerConfig.builder(InetAddress.getByName(Topology.RECEIVER_ADDRESS), Topology.AS)
            .localAddress(self)
            .connectRetryTime(Duration.ofSeconds(1))
            .build());
    new CountDownLatch(1).await();
  }
}
