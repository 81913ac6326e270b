package dev.tabby.ipam;

import dev.tabby.ipam.pool.Pool;
import dev.tabby.net.IpPrefix;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The order in which a node tries a pool's blocks: a node-specific pseudo-random permutation, so
 * that nodes claiming blocks at the same moment rarely try the same one. The permutation is {@code
 * start + i * stride (mod n)}: with n a power of two and an odd stride it visits every block
 * exactly once, without materialising the (for IPv6, astronomically long) list.
 */
final class BlockOrder implements Iterator<IpPrefix> {
  private final IpPrefix pool;
  private final int blockSize;
  private final BigInteger count;
  private final BigInteger start;
  private final BigInteger stride;
  private BigInteger visited = BigInteger.ZERO;

  BlockOrder(Pool pool, String node) {
    this.pool = pool.cidr();
    this.blockSize = pool.blockSize();
    this.count = this.pool.subnetCount(blockSize);
    long hash = fnv1a(node);
    this.start = BigInteger.valueOf(hash >>> 1).mod(count);
    BigInteger odd = BigInteger.valueOf(Long.rotateLeft(hash, 29) >>> 1).setBit(0);
    this.stride = count.equals(BigInteger.ONE) ? BigInteger.ZERO : odd.mod(count);
  }

  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h ^ (h >>> 31);
  }

  @Override
  public boolean hasNext() {
    return visited.compareTo(count) < 0;
  }

  @Override
  public IpPrefix next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BigInteger index = start.add(visited.multiply(stride)).mod(count);
    visited = visited.add(BigInteger.ONE);
    return pool.subnet(blockSize, index);
  }
}
