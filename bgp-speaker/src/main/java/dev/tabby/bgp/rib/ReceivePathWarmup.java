package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.BgpFrameDecoder;
import dev.tabby.bgp.wire.BgpMessageDecoder;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.Origin;
import dev.tabby.bgp.wire.PackedIpv4;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.bgp.wire.UpdatePacker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a synthetic table through the receive path before the speaker starts, so the first real
 * table load runs compiled code.
 *
 * <p>A fresh JVM interprets the decode and RIB code, and compiles it only during the first seconds
 * of a full-table load: the receiver falls behind and TCP's window stalls the sender (a restarted
 * node taking a full table from its top-of-rack router loads it about a third slower than once
 * warm). Here the same decoders the Netty pipeline uses read full UPDATEs of a few shared attribute
 * sets, as a real table arrives, and a private RIB applies them and then the withdrawal of every
 * prefix, a few times over.
 *
 * <p>Nothing is shared with the live speaker: the RIB, its attribute interner, its thread and the
 * channel are this class's own and closed before {@link #run} returns.
 */
public final class ReceivePathWarmup {
  private static final Logger log = LoggerFactory.getLogger(ReceivePathWarmup.class);

  /**
   * The synthetic table: every /32 of 198.18.0.0/16 (RFC 2544 benchmarking space), which the
   * decoder reads as it reads /25../32s, a table's common lengths.
   */
  static final int PREFIXES = 1 << 16;

  private static final int FIRST_ADDRESS = InetAddresses.coerceToInteger(ip("198.18.0.0"));

  /**
   * How many times the table is loaded and withdrawn. Measured on two busy cores (load 3.7): the
   * passes took 354, 106, 48 and 68 ms, the whole warm-up 0.85 s, so the time per pass has
   * flattened by the third.
   */
  static final int PASSES = 4;

  /** How many consecutive prefixes share an attribute set: some full UPDATEs per run. */
  private static final int RUN = 2_000;

  /** Bytes per simulated socket read, as the frame decoder sees them from the kernel. */
  private static final int READ_SIZE = 64 * 1024;

  private static final long LOCAL_AS = 64_512;
  private static final long PEER_AS = 64_513;
  private static final Inet4Address LOCAL_ROUTER_ID = ip("192.0.2.1");
  private static final Inet4Address PEER_ADDRESS = ip("192.0.2.2");

  private static final CodecContext CONTEXT =
      new CodecContext(true, EnumSet.of(AddressFamily.IPV4_UNICAST), true);

  private ReceivePathWarmup() {}

  /**
   * Loads and drops the synthetic table {@link #PASSES} times; logs and returns how long it took.
   */
  public static Duration run() {
    long start = System.nanoTime();
    ByteBuf announcements = encodeTable(ByteBufAllocator.DEFAULT, false);
    ByteBuf withdrawals = encodeTable(ByteBufAllocator.DEFAULT, true);
    try (Rib rib =
        new Rib(LOCAL_ROUTER_ID, LOCAL_AS, null, ByteBufAllocator.DEFAULT, "tabby-rib-warmup")) {
      rib.peerUp(peer(), ReceivePathWarmup::discard);
      for (int pass = 1; pass <= PASSES; pass++) {
        long passStart = System.nanoTime();
        receive(rib, announcements);
        receive(rib, withdrawals);
        // Each pass waits for the RIB, so its queue never holds more than one table's UPDATEs.
        rib.barrier().orTimeout(1, TimeUnit.MINUTES).join();
        log.debug("warm-up pass {} took {} ms", pass, (System.nanoTime() - passStart) / 1_000_000);
      }
      rib.peerDown(PEER_ADDRESS);
    } finally {
      announcements.release();
      withdrawals.release();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info(
        "event=warmup-done prefixes={} passes={} took-ms={}", PREFIXES, PASSES, took.toMillis());
    return took;
  }

  /** Feeds the messages to the decoders in socket-read-sized pieces and each UPDATE to the RIB. */
  static void receive(Rib rib, ByteBuf messages) {
    EmbeddedChannel channel = new EmbeddedChannel(new BgpFrameDecoder(), new BgpMessageDecoder());
    channel.attr(CodecContext.KEY).set(CONTEXT);
    try {
      for (int from = messages.readerIndex(); from < messages.writerIndex(); from += READ_SIZE) {
        int length = Math.min(READ_SIZE, messages.writerIndex() - from);
        channel.writeInbound(messages.retainedSlice(from, length));
        for (Object message = channel.readInbound();
            message != null;
            message = channel.readInbound()) {
          if (!(message instanceof UpdateMessage update)) {
            throw new IllegalStateException("warm-up table decoded to " + message);
          }
          rib.update(PEER_ADDRESS, update, () -> {});
        }
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /**
   * The table as UPDATEs back to back: announcements in runs of {@link #RUN} prefixes per attribute
   * set, or withdrawals of every other prefix.
   */
  static ByteBuf encodeTable(ByteBufAllocator allocator, boolean withdraw) {
    long[] all = new long[PREFIXES];
    for (int i = 0; i < PREFIXES; i++) {
      all[i] = PackedIpv4.pack(FIRST_ADDRESS + i, 32);
    }
    CompositeByteBuf table = allocator.compositeBuffer(Integer.MAX_VALUE);
    try {
      if (withdraw) {
        table.addComponent(true, UpdatePacker.withdrawIpv4(all, 0, PREFIXES, allocator));
        return table;
      }
      for (int from = 0; from < PREFIXES; from += RUN) {
        PathAttributes attributes = attributeSet(from / RUN);
        table.addComponent(
            true,
            UpdatePacker.announceIpv4(
                attributes, all, from, Math.min(from + RUN, PREFIXES), CONTEXT, allocator));
      }
      return table;
    } catch (RuntimeException e) {
      table.release();
      throw e;
    }
  }

  /** One of four attribute sets, as a table from one upstream has a few AS paths and MEDs. */
  private static PathAttributes attributeSet(int index) {
    int set = index % 4;
    return PathAttributes.builder()
        .origin(Origin.IGP)
        .asPath(AsPath.sequence(PEER_AS, 64_600 + set, 64_700 + set))
        .nextHop(PEER_ADDRESS)
        .med(10L * set)
        .build();
  }

  static PeerInfo peer() {
    return new PeerInfo(
        PEER_ADDRESS,
        PEER_AS,
        LOCAL_AS,
        PEER_ADDRESS,
        Set.of(AddressFamily.IPV4_UNICAST),
        true,
        false,
        false,
        true,
        LOCAL_ROUTER_ID,
        null,
        RoutePolicy.ACCEPT_ALL,
        RoutePolicy.ACCEPT_ALL);
  }

  /** The warm-up peer's outbound: what the RIB sends it is dropped. */
  private static void discard(ByteBuf messages) {
    messages.release();
  }

  private static Inet4Address ip(String address) {
    return (Inet4Address) InetAddresses.forString(address);
  }
}
