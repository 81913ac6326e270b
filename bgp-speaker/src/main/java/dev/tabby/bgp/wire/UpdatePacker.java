package dev.tabby.bgp.wire;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet6Address;
import java.util.Collection;

/**
 * Encodes many prefixes into as few UPDATE messages as fit, back to back in one buffer.
 * Announcements fill messages up to the context's longest message: 4,096 bytes, or 65,535 with
 * extended messages (RFC 8654). Withdrawals take no context and stay within 4,096 bytes, which
 * every peer accepts: one encoding of them goes to peers of every export group, and a larger
 * message would save only its 23 bytes of header per 4,096. The RIB encodes once per group of peers
 * with the same export and writes {@code retainedDuplicate()}s of the result to each of them.
 *
 * <p>Announcements share one set of path attributes, which is encoded once per family: IPv4 goes in
 * the NLRI field with a NEXT_HOP attribute, IPv6 in MP_REACH_NLRI with a 16- or 32-byte next hop
 * (RFC 2545), and so does IPv4 with an IPv6 next hop (RFC 8950). Withdrawals go in the withdrawn
 * routes field or MP_UNREACH_NLRI.
 *
 * <p>For a peer that takes ADD-PATH path identifiers (RFC 7911), the variants with {@code pathIds}
 * write each prefix after its identifier, index for index.
 *
 * <p>Prefixes of both families may be mixed; each family's messages come out together, IPv4 first.
 * The caller owns (must release) the returned buffer; it is empty when there were no prefixes.
 */
public final class UpdatePacker {
  private static final int ATTRIBUTES_LENGTH = 2;

  private UpdatePacker() {}

  /**
   * Announcements of {@code prefixes} with {@code attributes}.
   *
   * @throws IllegalArgumentException when the next hop does not suit the prefixes' family
   * @throws AttributesTooLongException when the attributes alone leave no room for a prefix in the
   *     context's longest message
   */
  public static ByteBuf announce(
      PathAttributes attributes,
      Iterable<IpPrefix> prefixes,
      CodecContext context,
      ByteBufAllocator allocator) {
    return announce(attributes, prefixes, ImmutableIntArray.of(), context, allocator);
  }

  /**
   * Announcements of {@code prefixes} with {@code attributes}, each after its path identifier in
   * {@code pathIds} (none when empty).
   */
  public static ByteBuf announce(
      PathAttributes attributes,
      Iterable<IpPrefix> prefixes,
      ImmutableIntArray pathIds,
      CodecContext context,
      ByteBufAllocator allocator) {
    ByteBuf out = allocate(allocator, sizeOf(prefixes));
    try {
      announceFamily(out, false, attributes, prefixes, pathIds, context, allocator);
      announceFamily(out, true, attributes, prefixes, pathIds, context, allocator);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private static void announceFamily(
      ByteBuf out,
      boolean ipv6,
      PathAttributes attributes,
      Iterable<IpPrefix> prefixes,
      ImmutableIntArray pathIds,
      CodecContext context,
      ByteBufAllocator allocator) {
    ByteBuf shared = null;
    try {
      Batch batch = null;
      int index = 0;
      for (IpPrefix prefix : prefixes) {
        if (prefix.isIpv6() == ipv6) {
          if (batch == null) {
            AddressFamily family = ipv6 ? AddressFamily.IPV6_UNICAST : AddressFamily.IPV4_UNICAST;
            boolean multiprotocol = inMpReach(family, attributes, context);
            shared = encodeShared(allocator, attributes, context, !multiprotocol);
            batch =
                multiprotocol
                    ? new MpAnnounce(shared, attributes, family)
                    : new Ipv4Announce(shared);
            batch.fillUpTo(context.maxMessageLength());
          }
          addPrefix(out, batch, prefix, pathIds, index);
        }
        index++;
      }
      if (batch != null) {
        batch.end(out);
      }
    } finally {
      release(shared);
    }
  }

  /**
   * Announcements of IPv4 prefixes packed as by {@link IpPrefix#packIpv4(int, int)}, {@code
   * packed[from]} to {@code packed[to - 1]}: the RIB's own keys, without a Prefix per route.
   */
  public static ByteBuf announceIpv4(
      PathAttributes attributes,
      long[] packed,
      int from,
      int to,
      CodecContext context,
      ByteBufAllocator allocator) {
    ByteBuf out = allocate(allocator, to - from);
    if (from >= to) {
      return out;
    }
    ByteBuf shared = null;
    try {
      boolean multiprotocol = inMpReach(AddressFamily.IPV4_UNICAST, attributes, context);
      shared = encodeShared(allocator, attributes, context, !multiprotocol);
      Batch batch =
          multiprotocol
              ? new MpAnnounce(shared, attributes, AddressFamily.IPV4_UNICAST)
              : new Ipv4Announce(shared);
      batch.fillUpTo(context.maxMessageLength());
      for (int i = from; i < to; i++) {
        batch.add(out, NlriCodec.sizeIpv4(packed[i]));
        NlriCodec.writeIpv4(out, packed[i]);
      }
      batch.end(out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      release(shared);
    }
  }

  /**
   * Whether prefixes of the family go in MP_REACH_NLRI: IPv6 always, IPv4 when its next hop is IPv6
   * (RFC 8950), which needs the extended next hop capability on the session.
   */
  static boolean inMpReach(AddressFamily family, PathAttributes attributes, CodecContext context) {
    if (family == AddressFamily.IPV6_UNICAST) {
      return true;
    }
    if (!(attributes.nextHop() instanceof Inet6Address)) {
      return false;
    }
    if (!context.extendedNextHop()) {
      throw new IllegalArgumentException(
          "IPv4 prefixes with an IPv6 next hop need the extended next hop capability (RFC 8950)");
    }
    return true;
  }

  /** Withdrawals of {@code prefixes}, any mix of families. */
  public static ByteBuf withdraw(Iterable<IpPrefix> prefixes, ByteBufAllocator allocator) {
    return withdraw(prefixes, ImmutableIntArray.of(), allocator);
  }

  /** Withdrawals of {@code prefixes}, each after its path identifier in {@code pathIds}. */
  public static ByteBuf withdraw(
      Iterable<IpPrefix> prefixes, ImmutableIntArray pathIds, ByteBufAllocator allocator) {
    ByteBuf out = allocate(allocator, sizeOf(prefixes));
    withdrawFamily(out, new Ipv4Withdraw(), false, prefixes, pathIds);
    withdrawFamily(out, new MpWithdraw(AddressFamily.IPV6_UNICAST), true, prefixes, pathIds);
    return out;
  }

  private static void withdrawFamily(
      ByteBuf out,
      Batch batch,
      boolean ipv6,
      Iterable<IpPrefix> prefixes,
      ImmutableIntArray pathIds) {
    int index = 0;
    for (IpPrefix prefix : prefixes) {
      if (prefix.isIpv6() == ipv6) {
        addPrefix(out, batch, prefix, pathIds, index);
      }
      index++;
    }
    batch.end(out);
  }

  /** Writes the prefix into the batch, after its path identifier when there are any. */
  private static void addPrefix(
      ByteBuf out, Batch batch, IpPrefix prefix, ImmutableIntArray pathIds, int index) {
    if (pathIds.isEmpty()) {
      batch.add(out, NlriCodec.size(prefix));
      NlriCodec.write(out, prefix);
    } else {
      batch.add(out, NlriCodec.PATH_ID_BYTES + NlriCodec.size(prefix));
      NlriCodec.write(out, pathIds.get(index), prefix);
    }
  }

  /** Withdrawals of packed IPv4 prefixes {@code packed[from]} to {@code packed[to - 1]}. */
  public static ByteBuf withdrawIpv4(long[] packed, int from, int to, ByteBufAllocator allocator) {
    ByteBuf out = allocate(allocator, to - from);
    Batch batch = new Ipv4Withdraw();
    for (int i = from; i < to; i++) {
      batch.add(out, NlriCodec.sizeIpv4(packed[i]));
      NlriCodec.writeIpv4(out, packed[i]);
    }
    batch.end(out);
    return out;
  }

  /**
   * A buffer that holds {@code count} IPv4 prefixes without growing: a million prefixes would
   * otherwise be copied a dozen times as the buffer doubles.
   */
  private static ByteBuf allocate(ByteBufAllocator allocator, int count) {
    long nlri = 5L * count;
    long messages = nlri / 3_000 + 1;
    return allocator.buffer((int) Math.min(nlri + messages * 100, Integer.MAX_VALUE - 8));
  }

  private static int sizeOf(Iterable<IpPrefix> prefixes) {
    return prefixes instanceof Collection<?> collection ? collection.size() : 0;
  }

  private static ByteBuf encodeShared(
      ByteBufAllocator allocator,
      PathAttributes attributes,
      CodecContext context,
      boolean withNextHop) {
    ByteBuf shared = allocator.heapBuffer(256);
    try {
      AttributeEncoder.write(shared, attributes, context, withNextHop);
      return shared;
    } catch (RuntimeException e) {
      shared.release();
      throw e;
    }
  }

  private static void release(ByteBuf buffer) {
    if (buffer != null) {
      buffer.release();
    }
  }

  /**
   * One kind of message being filled with prefixes: {@link #add} makes room for the next prefix,
   * starting a new message when the current one is full; the caller then writes the prefix.
   */
  private abstract static class Batch {
    private int messageStart = -1;
    private int room;
    private int maxLength = BgpHeader.MAX_MESSAGE_LENGTH;

    /** Lets messages grow to {@code length} bytes instead of 4,096. */
    final void fillUpTo(int length) {
      maxLength = length;
    }

    /** Makes room for {@code size} bytes of prefix at the writer index. */
    final void add(ByteBuf out, int size) {
      if (messageStart >= 0 && size > room) {
        end(out);
      }
      if (messageStart < 0) {
        messageStart = BgpHeader.writeStart(out, BgpMessage.TYPE_UPDATE);
        begin(out);
        room = maxLength - (out.writerIndex() - messageStart) - trailer();
        if (size > room) {
          throw new AttributesTooLongException(maxLength);
        }
      }
      room -= size;
    }

    /** Finishes the open message, if any. */
    final void end(ByteBuf out) {
      if (messageStart >= 0) {
        finish(out);
        BgpHeader.finish(out, messageStart, maxLength);
        messageStart = -1;
      }
    }

    /** Writes what goes between the header and the first prefix. */
    abstract void begin(ByteBuf out);

    /** Bytes {@link #finish} will write after the last prefix. */
    abstract int trailer();

    /** Writes what follows the last prefix and patches lengths. */
    abstract void finish(ByteBuf out);
  }

  private static final class Ipv4Announce extends Batch {
    private final ByteBuf shared;

    Ipv4Announce(ByteBuf shared) {
      this.shared = shared;
    }

    @Override
    void begin(ByteBuf out) {
      out.writeShort(0).writeShort(shared.readableBytes());
      out.writeBytes(shared, shared.readerIndex(), shared.readableBytes());
    }

    @Override
    int trailer() {
      return 0;
    }

    @Override
    void finish(ByteBuf out) {}
  }

  private static final class MpAnnounce extends Batch {
    private final ByteBuf shared;
    private final PathAttributes attributes;
    private final AddressFamily family;
    private int attributesLengthIndex;
    private int mpLengthIndex;

    MpAnnounce(ByteBuf shared, PathAttributes attributes, AddressFamily family) {
      this.shared = shared;
      this.attributes = attributes;
      this.family = family;
    }

    @Override
    void begin(ByteBuf out) {
      out.writeShort(0); // no withdrawn routes field
      attributesLengthIndex = out.writerIndex();
      out.writeShort(0);
      mpLengthIndex = AttributeEncoder.startMpReach(out, family, attributes);
    }

    @Override
    int trailer() {
      return shared.readableBytes();
    }

    @Override
    void finish(ByteBuf out) {
      AttributeEncoder.patchLength(out, mpLengthIndex);
      out.writeBytes(shared, shared.readerIndex(), shared.readableBytes());
      AttributeEncoder.patchLength(out, attributesLengthIndex);
    }
  }

  private static final class Ipv4Withdraw extends Batch {
    private int withdrawnLengthIndex;

    @Override
    void begin(ByteBuf out) {
      withdrawnLengthIndex = out.writerIndex();
      out.writeShort(0);
    }

    @Override
    int trailer() {
      return ATTRIBUTES_LENGTH;
    }

    @Override
    void finish(ByteBuf out) {
      AttributeEncoder.patchLength(out, withdrawnLengthIndex);
      out.writeShort(0);
    }
  }

  private static final class MpWithdraw extends Batch {
    private final AddressFamily family;
    private int attributesLengthIndex;
    private int mpLengthIndex;

    MpWithdraw(AddressFamily family) {
      this.family = family;
    }

    @Override
    void begin(ByteBuf out) {
      out.writeShort(0); // no withdrawn routes field
      attributesLengthIndex = out.writerIndex();
      out.writeShort(0);
      mpLengthIndex = AttributeEncoder.startMpUnreach(out, family);
    }

    @Override
    int trailer() {
      return 0;
    }

    @Override
    void finish(ByteBuf out) {
      AttributeEncoder.patchLength(out, mpLengthIndex);
      AttributeEncoder.patchLength(out, attributesLengthIndex);
    }
  }
}
