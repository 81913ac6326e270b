package dev.tabby.ipam.net;

import java.math.BigInteger;
import java.util.Objects;

/** A masked network prefix: the first address and the prefix length. */
public final class Cidr implements Comparable<Cidr> {
  private final IpAddress network;
  private final int prefixLength;

  private Cidr(IpAddress network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code address/length}, refusing host bits below the mask: a pool or block written as
   * {@code 10.0.0.1/24} is almost certainly a typo, and silently masking it would hide it.
   */
  public static Cidr parse(String text) {
    Cidr lenient = parseAndMask(text);
    IpAddress written = IpAddress.parse(text.substring(0, text.indexOf('/')));
    if (!written.equals(lenient.network)) {
      throw new IllegalArgumentException(
          "CIDR " + text.trim() + " is not masked: did you mean " + lenient + "?");
    }
    return lenient;
  }

  /** Parses {@code address/length} and clears any host bits. */
  public static Cidr parseAndMask(String text) {
    String s = text == null ? "" : text.trim();
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR (address/prefix-length)");
    }
    IpAddress address = IpAddress.parse(s.substring(0, slash));
    String length = s.substring(slash + 1);
    if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
    }
    return of(address, Integer.parseInt(length));
  }

  /** The prefix of the given length that contains {@code address}. */
  public static Cidr of(IpAddress address, int prefixLength) {
    int bits = address.family().bits();
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is out of range for " + address.family());
    }
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE);
    BigInteger masked = address.value().andNot(hostMask);
    return new Cidr(new IpAddress(address.family(), masked), prefixLength);
  }

  public IpFamily family() {
    return network.family();
  }

  public IpAddress network() {
    return network;
  }

  public int prefixLength() {
    return prefixLength;
  }

  /** How many addresses the prefix holds. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(hostBits());
  }

  private int hostBits() {
    return family().bits() - prefixLength;
  }

  public IpAddress last() {
    return network.plus(size().subtract(BigInteger.ONE));
  }

  public boolean contains(IpAddress address) {
    return address.family() == family()
        && address.value().shiftRight(hostBits()).equals(network.value().shiftRight(hostBits()));
  }

  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && contains(other.network);
  }

  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  /** The address at {@code ordinal} from the start of this prefix. */
  public IpAddress addressAt(long ordinal) {
    if (ordinal < 0 || BigInteger.valueOf(ordinal).compareTo(size()) >= 0) {
      throw new IllegalArgumentException("ordinal " + ordinal + " is outside " + this);
    }
    return network.plus(BigInteger.valueOf(ordinal));
  }

  /** The offset of {@code address} from the start of this prefix. */
  public long ordinalOf(IpAddress address) {
    if (!contains(address)) {
      throw new IllegalArgumentException(address + " is outside " + this);
    }
    return address.value().subtract(network.value()).longValueExact();
  }

  /** How many prefixes of {@code length} this prefix splits into. */
  public BigInteger subnetCount(int length) {
    checkSubnetLength(length);
    return BigInteger.ONE.shiftLeft(length - prefixLength);
  }

  /** The {@code index}th prefix of {@code length} inside this prefix. */
  public Cidr subnet(int length, BigInteger index) {
    checkSubnetLength(length);
    BigInteger offset = index.shiftLeft(family().bits() - length);
    return new Cidr(network.plus(offset), length);
  }

  private void checkSubnetLength(int length) {
    if (length < prefixLength || length > family().bits()) {
      throw new IllegalArgumentException("/" + length + " does not split " + this);
    }
  }

  /** A valid Kubernetes object name for this prefix, e.g. {@code 10-244-0-64-26}. */
  public String toName() {
    return network.toNameFragment() + "-" + prefixLength;
  }

  @Override
  public int compareTo(Cidr o) {
    int byNetwork = network.compareTo(o.network);
    return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, o.prefixLength);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.network.equals(network) && c.prefixLength == prefixLength;
  }

  @Override
  public int hashCode() {
    return Objects.hash(network, prefixLength);
  }

  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }
}
