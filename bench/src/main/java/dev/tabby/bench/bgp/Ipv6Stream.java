package dev.tabby.bench.bgp;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.Origin;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdatePacker;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

/**
 * An IPv6 table as a BGP sender would send it over iBGP, for {@link StreamReplayer}: N /64s from
 * {@code 2001:db8::/32} in a random order (fixed seed), one attribute set (ORIGIN IGP, empty
 * AS_PATH, LOCAL_PREF 100, the sender's global address as next hop), packed into full 4,096-byte
 * UPDATEs (MP_REACH_NLRI). There is no BIRD recording to replay for IPv6: a sender's link-local
 * next hop would name the recording lab's link, not the replay's.
 */
final class Ipv6Stream {

  /** The most /64s in 2001:db8::/32. */
  static final long MAX = 1L << 32;

  private static final long DOCUMENTATION_UPPER = 0x2001_0db8_0000_0000L;

  private Ipv6Stream() {}

  /** Writes the stream of {@code prefixes} /64s to a temporary file. */
  static Path write(int prefixes, long seed) {
    try {
      Path file = Files.createTempFile("tabby-bgp-bench-ipv6-stream", ".bin");
      file.toFile().deleteOnExit();
      return Files.write(file, encode(prefixes, seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] encode(int prefixes, long seed) {
    List<IpPrefix> table = new ArrayList<>(prefixes);
    for (int i = 0; i < prefixes; i++) {
      table.add(nth(i));
    }
    Collections.shuffle(table, new Random(seed));
    PathAttributes attributes =
        PathAttributes.builder()
            .origin(Origin.IGP)
            .localPref(100)
            .nextHop(InetAddresses.forString(Topology.SENDER_IPV6))
            .build();
    CodecContext context =
        new CodecContext(
            true, EnumSet.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), false);
    ByteBuf encoded = UpdatePacker.announce(attributes, table, context, ByteBufAllocator.DEFAULT);
    try {
      return ByteBufUtil.getBytes(encoded);
    } finally {
      encoded.release();
    }
  }

  /** The {@code index}-th /64: 0 is {@code 2001:db8::/64}, 65,536 is {@code 2001:db8:1::/64}. */
  static IpPrefix nth(long index) {
    if (index < 0 || index >= MAX) {
      throw new IllegalArgumentException("prefix index must be 0.." + (MAX - 1) + ", got " + index);
    }
    return IpPrefix.ipv6(DOCUMENTATION_UPPER | index, 0, 64);
  }
}
