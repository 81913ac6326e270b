package dev.tabby.bench.bgp;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.net.IpPrefix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Tabby as the sender: the embedded {@link BgpSpeaker} originates N /28s and, once its Loc-RIB
 * holds them all, connects to the receiver and stays up until killed. It stands in for {@code
 * tabby-bgp}, whose YAML config cannot hold a million prefixes. Usage: {@code TabbySender PREFIXES
 * SESSION_FILE}.
 *
 * <p>SESSION_FILE says whether the session should be up: {@code down} removes the receiver's peer
 * (a Cease to the receiver, which drops the routes), {@code up} adds it again, and the speaker
 * resends its whole Loc-RIB over the new session.
 */
public final class TabbySender {

  /**
   * How often the session file is read: a change takes effect within this, before the receiver's
   * clock starts at the first UPDATE bytes, so it adds nothing to a measured time.
   */
  private static final Duration SESSION_FILE_POLL = Duration.ofMillis(100);

  private TabbySender() {}

  public static void main(String[] args) throws Exception {
    int prefixes = Integer.parseInt(args[0]);
    Path sessionFile = Path.of(args[1]);
    InetAddress self = InetAddress.getByName(Topology.SENDER_ADDRESS);
    BgpSpeaker speaker =
        BgpSpeaker.start(new SpeakerConfig((Inet4Address) self, Topology.AS, null, null));
    long start = System.nanoTime();
    for (int i = 0; i < prefixes; i++) {
      speaker.originate(IpPrefix.parse(Prefixes.nth(i)));
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
    PeerConfig receiver =
        PeerConfig.builder(InetAddress.getByName(Topology.RECEIVER_ADDRESS), Topology.AS)
            .localAddress(self)
            .connectRetryTime(Duration.ofSeconds(1))
            .build();
    speaker.addPeer(receiver);
    followSessionFile(speaker, receiver, sessionFile);
  }

  /** Removes and adds {@code receiver} as {@code sessionFile} says, until the process is killed. */
  private static void followSessionFile(BgpSpeaker speaker, PeerConfig receiver, Path sessionFile)
      throws InterruptedException {
    boolean up = true;
    while (true) {
      Thread.sleep(SESSION_FILE_POLL.toMillis());
      String wanted;
      try {
        wanted = Files.readString(sessionFile).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the session file " + sessionFile, e);
      }
      // An empty read is the benchmark rewriting the file: the state stays as it was.
      if (up && wanted.equals("down")) {
        speaker.removePeer(receiver.address());
        up = false;
        System.out.println("session down: receiver's peer removed");
      } else if (!up && wanted.equals("up")) {
        speaker.addPeer(receiver);
        up = true;
        System.out.println("session up: receiver's peer added again");
      }
    }
  }
}
