package dev.tabby.bgp.wire;

import dev.tabby.net.IpPrefix;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Decoded IPv4 NLRI as an immutable list that holds each prefix packed in a long ({@link
 * PackedIpv4}) and makes the {@link IpPrefix} only when asked. An UPDATE carries hundreds of
 * prefixes and, during a table load, waits for the RIB thread with thousands of others: as longs
 * they occupy 8 bytes each there instead of an object and a reference, and the RIB makes each
 * prefix object just before it keeps it.
 */
public final class Ipv4Prefixes extends AbstractList<IpPrefix> implements RandomAccess {
  private final long[] packed;

  /** Takes {@code packed} over: the caller must not change it afterwards. */
  Ipv4Prefixes(long[] packed) {
    this.packed = packed;
  }

  @Override
  public IpPrefix get(int index) {
    return PackedIpv4.toPrefix(packed[index]);
  }

  /** The prefix at the index, packed ({@link IpPrefix#packIpv4(int, int)}). */
  public long packed(int index) {
    return packed[index];
  }

  @Override
  public int size() {
    return packed.length;
  }
}
