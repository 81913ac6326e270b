package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.MALFORMED_AS_PATH;

import dev.tabby.bgp.wire.AsPath.Segment;
import dev.tabby.bgp.wire.AsPath.SegmentType;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AS_PATH and AS4_PATH values (RFC 4271 §4.3, RFC 6793): segments of a type, a count and 2- or
 * 4-octet AS numbers; and the RFC 6793 §4.2.3 reconstruction of the real path from both.
 */
final class AsPathCodec {
  /** A segment holds at most this many ASNs; longer runs are split into several segments. */
  static final int MAX_SEGMENT_ASNS = 255;

  private AsPathCodec() {}

  /**
   * Reads all readable bytes as a path with ASNs of {@code asnSize} (2 or 4) bytes. Malformed per
   * RFC 7606 §7.2: an unknown segment type, a zero-length segment, a segment overrunning the
   * attribute, or a lone trailing byte.
   */
  static AsPath read(ByteBuf in, int asnSize) throws MalformedAttributeException {
    List<Segment> segments = new ArrayList<>();
    while (in.isReadable()) {
      if (in.readableBytes() < 2) {
        throw malformed("a single byte trails the last segment");
      }
      int typeCode = in.readUnsignedByte();
      int count = in.readUnsignedByte();
      SegmentType type = SegmentType.ofCode(typeCode);
      if (type == null) {
        throw malformed("unknown segment type " + typeCode);
      }
      if (count == 0) {
        throw malformed("empty " + type + " segment");
      }
      if (count * asnSize > in.readableBytes()) {
        throw malformed(
            type
                + " segment of "
                + count
                + " ASNs overruns the attribute by "
                + (count * asnSize - in.readableBytes())
                + " bytes");
      }
      long[] asns = new long[count];
      for (int i = 0; i < count; i++) {
        asns[i] = asnSize == 4 ? in.readUnsignedInt() : in.readUnsignedShort();
      }
      segments.add(new Segment(type, asns));
    }
    return AsPath.of(segments);
  }

  private static MalformedAttributeException malformed(String message) {
    return new MalformedAttributeException(MALFORMED_AS_PATH, message);
  }

  /** Encoded length of the value with ASNs of {@code asnSize} bytes. */
  static int size(AsPath path, int asnSize) {
    int size = 0;
    for (Segment segment : path.segments()) {
      int n = segment.size();
      int pieces = (n + MAX_SEGMENT_ASNS - 1) / MAX_SEGMENT_ASNS;
      size += pieces * 2 + n * asnSize;
    }
    return size;
  }

  /**
   * Writes the value; with {@code asnSize} 2 every ASN above 65535 becomes AS_TRANS (RFC 6793
   * §4.2.2). Segments longer than 255 are split.
   */
  static void write(ByteBuf out, AsPath path, int asnSize) {
    for (Segment segment : path.segments()) {
      int n = segment.size();
      for (int from = 0; from < n; from += MAX_SEGMENT_ASNS) {
        int to = Math.min(n, from + MAX_SEGMENT_ASNS);
        out.writeByte(segment.type().code()).writeByte(to - from);
        for (int i = from; i < to; i++) {
          long asn = segment.asn(i);
          if (asnSize == 4) {
            out.writeInt((int) asn);
          } else {
            out.writeShort(asn > 0xFFFF ? OpenMessage.AS_TRANS : (int) asn);
          }
        }
      }
    }
  }

  /** The AS4_PATH to send with a 2-octet AS_PATH: the path without confederation segments. */
  static AsPath as4PathOf(AsPath path) {
    List<Segment> segments = new ArrayList<>();
    for (Segment segment : path.segments()) {
      if (!segment.type().isConfederation()) {
        segments.add(segment);
      }
    }
    return AsPath.of(segments);
  }

  /**
   * The real path from a 2-octet AS_PATH and an AS4_PATH (RFC 6793 §4.2.3): when the AS_PATH has
   * fewer ASNs than the AS4_PATH the AS4_PATH is ignored; otherwise the leading part of AS_PATH
   * that the AS4_PATH does not cover (with any confederation segments there) is put in front of the
   * AS4_PATH. ASNs are counted as for the path length: a SET counts one, confederation segments
   * count nothing.
   */
  static AsPath merge(AsPath asPath, AsPath as4Path) {
    int leading = asPath.pathLength() - as4Path.pathLength();
    if (leading < 0) {
      return asPath;
    }
    List<Segment> merged = new ArrayList<>();
    for (Segment segment : asPath.segments()) {
      SegmentType type = segment.type();
      if (type.isConfederation()) {
        merged.add(segment);
      } else if (leading == 0) {
        break;
      } else if (type == SegmentType.SET) {
        merged.add(segment);
        leading--;
      } else {
        int take = Math.min(leading, segment.size());
        merged.add(new Segment(type, Arrays.copyOf(segment.asns(), take)));
        leading -= take;
      }
    }
    merged.addAll(as4Path.segments());
    return AsPath.of(joinSequences(merged));
  }

  /** Joins adjacent SEQUENCE segments: the merge cuts a sequence in two, the path is one. */
  private static List<Segment> joinSequences(List<Segment> segments) {
    List<Segment> joined = new ArrayList<>(segments.size());
    for (Segment segment : segments) {
      int last = joined.size() - 1;
      if (last >= 0
          && segment.type() == SegmentType.SEQUENCE
          && joined.get(last).type() == SegmentType.SEQUENCE) {
        long[] a = joined.get(last).asns();
        long[] b = segment.asns();
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        joined.set(last, new Segment(SegmentType.SEQUENCE, both));
      } else {
        joined.add(segment);
      }
    }
    return joined;
  }
}
