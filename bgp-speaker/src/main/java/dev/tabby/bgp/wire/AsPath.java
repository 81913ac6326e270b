package dev.tabby.bgp.wire;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The AS_PATH attribute (RFC 4271 §4.3, RFC 5065 confederation segments): an immutable list of
 * segments, with 4-octet AS numbers throughout (the codec narrows them for 2-octet peers).
 */
public final class AsPath {
  /** The path of a locally originated route. */
  public static final AsPath EMPTY = new AsPath(ImmutableList.of());

  /** Segment types and their wire codes. */
  public enum SegmentType {
    SET(1),
    SEQUENCE(2),
    CONFED_SEQUENCE(3),
    CONFED_SET(4);

    private final int code;

    SegmentType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The type with this wire code; {@code null} when unknown. */
    public static SegmentType ofCode(int code) {
      return code >= 1 && code <= 4 ? values()[code - 1] : null;
    }

    boolean isConfederation() {
      return this == CONFED_SEQUENCE || this == CONFED_SET;
    }
  }

  /** One segment. The array is copied in and never handed out mutable. */
  public record Segment(SegmentType type, long[] asns) {
    public Segment {
      Objects.requireNonNull(type, "type");
      asns = asns.clone();
    }

    @Override
    public long[] asns() {
      return asns.clone();
    }

    public int size() {
      return asns.length;
    }

    public long asn(int index) {
      return asns[index];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Segment s && s.type == type && Arrays.equals(s.asns, asns);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(asns);
    }

    @Override
    public String toString() {
      StringJoiner joiner =
          switch (type) {
            case SEQUENCE -> new StringJoiner(" ");
            case SET -> new StringJoiner(" ", "{", "}");
            case CONFED_SEQUENCE -> new StringJoiner(" ", "(", ")");
            case CONFED_SET -> new StringJoiner(" ", "[", "]");
          };
      for (long asn : asns) {
        joiner.add(Long.toString(asn));
      }
      return joiner.toString();
    }
  }

  private final ImmutableList<Segment> segments;
  private final int hash;

  private AsPath(ImmutableList<Segment> segments) {
    this.segments = segments;
    this.hash = segments.hashCode();
  }

  public static AsPath of(List<Segment> segments) {
    return segments.isEmpty() ? EMPTY : new AsPath(ImmutableList.copyOf(segments));
  }

  /** A path of one AS_SEQUENCE, e.g. {@code sequence(65001, 65002)}; empty when no ASNs. */
  public static AsPath sequence(long... asns) {
    return asns.length == 0
        ? EMPTY
        : new AsPath(ImmutableList.of(new Segment(SegmentType.SEQUENCE, asns)));
  }

  public List<Segment> segments() {
    return segments;
  }

  public boolean isEmpty() {
    return segments.isEmpty();
  }

  /**
   * The length used by best-path selection (RFC 4271 §9.1.2.2): each AS in a SEQUENCE counts one, a
   * SET counts one whatever its size, confederation segments count nothing (RFC 5065 §5.3).
   */
  public int pathLength() {
    int length = 0;
    for (Segment segment : segments) {
      if (segment.type() == SegmentType.SEQUENCE) {
        length += segment.size();
      } else if (segment.type() == SegmentType.SET) {
        length += 1;
      }
    }
    return length;
  }

  /** Whether the AS appears anywhere in the path (loop detection). */
  public boolean contains(long asn) {
    for (Segment segment : segments) {
      for (long candidate : segment.asns) {
        if (candidate == asn) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The neighbouring AS, for MED comparison: the first AS of the first SEQUENCE, skipping leading
   * confederation segments (RFC 5065 §5.3); 0 when the path is empty or starts with a SET.
   */
  public long neighbourAs() {
    for (Segment segment : segments) {
      if (segment.type() == SegmentType.SEQUENCE && segment.size() > 0) {
        return segment.asn(0);
      }
      if (!segment.type().isConfederation()) {
        return 0;
      }
    }
    return 0;
  }

  /**
   * This path with the AS prepended {@code times} times (RFC 4271 §5.1.2): added to the leading
   * SEQUENCE, or in a new leading SEQUENCE when the path starts otherwise. A SEQUENCE holds at most
   * 255 ASNs on the wire; the codec splits longer ones.
   */
  public AsPath prepend(long asn, int times) {
    if (times <= 0) {
      return this;
    }
    long[] prefix = new long[times];
    Arrays.fill(prefix, asn);
    ImmutableList.Builder<Segment> result = ImmutableList.builder();
    int rest = 0;
    if (!segments.isEmpty() && segments.get(0).type() == SegmentType.SEQUENCE) {
      long[] first = segments.get(0).asns;
      long[] merged = Arrays.copyOf(prefix, times + first.length);
      System.arraycopy(first, 0, merged, times, first.length);
      prefix = merged;
      rest = 1;
    }
    result.add(new Segment(SegmentType.SEQUENCE, prefix));
    result.addAll(segments.subList(rest, segments.size()));
    return new AsPath(result.build());
  }

  /** Whether any ASN needs 4 octets (more than 65535). */
  public boolean hasFourOctetAsn() {
    for (Segment segment : segments) {
      for (long asn : segment.asns) {
        if (asn > 0xFFFF) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AsPath p && p.hash == hash && p.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Like "65001 65002 {65003 65004}"; confederation segments in () and []. */
  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(" ");
    for (Segment segment : segments) {
      joiner.add(segment.toString());
    }
    return joiner.toString();
  }
}
