package dev.tabby.bgp.wire;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Decoded IPv4 NLRI as an immutable list that holds each prefix packed in a long ({@link
 * Prefix#packIpv4(int, int)}) and makes the {@link Prefix} only when asked. An UPDATE carries
 * hundreds of prefixes and, during a table load, waits for the RIB thread with thousands of others:
 * as longs they occupy 8 bytes each there instead of an object and a reference, and the RIB makes
 * each prefix object just before it keeps it.
 */
public final class Ipv4Prefixes extends AbstractList<Prefix> implements RandomAccess {
  private final long[] packed;

  /** Takes {@code packed} over: the caller must not change it afterwards. */
  Ipv4Prefixes(long[] packed) {
    this.packed = packed;
  }

  @Override
  public Prefix get(int index) {
    return Prefix.ofPackedIpv4(packed[index]);
  }

  /** The prefix at the index, packed ({@link Prefix#packIpv4(int, int)}). */
  public long packed(int index) {
    return packed[index];
  }

  @Override
  public int size() {
    return packed.length;
  }
}
