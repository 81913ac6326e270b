package dev.tabby.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AsPath.Segment;
import dev.tabby.bgp.wire.AsPath.SegmentType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsPathTest {
  private static final AsPath MIXED =
      AsPath.of(
          List.of(
              new Segment(SegmentType.CONFED_SEQUENCE, new long[] {65100, 65101}),
              new Segment(SegmentType.SEQUENCE, new long[] {65001, 65002}),
              new Segment(SegmentType.SET, new long[] {65003, 65004}),
              new Segment(SegmentType.CONFED_SET, new long[] {65102})));

  @Test
  void pathLengthCountsASetOnceAndConfederationsNotAtAll() {
    assertThat(AsPath.EMPTY.pathLength()).isZero();
    assertThat(AsPath.sequence(1, 2, 3).pathLength()).isEqualTo(3);
    assertThat(MIXED.pathLength()).isEqualTo(3);
  }

  @Test
  void printsLikeRouters() {
    assertThat(MIXED).hasToString("(65100 65101) 65001 65002 {65003 65004} [65102]");
    assertThat(AsPath.sequence(65001, 4200000000L)).hasToString("65001 4200000000");
    assertThat(AsPath.EMPTY).hasToString("");
  }

  @Test
  void containsAndNeighbourAs() {
    assertThat(MIXED.contains(65004)).isTrue();
    assertThat(MIXED.contains(65102)).isTrue();
    assertThat(MIXED.contains(1)).isFalse();
    assertThat(MIXED.neighbourAs()).isEqualTo(65001);
    assertThat(AsPath.EMPTY.neighbourAs()).isZero();
    assertThat(AsPath.of(List.of(new Segment(SegmentType.SET, new long[] {1, 2}))).neighbourAs())
        .isZero();
  }

  @Test
  void prependJoinsTheLeadingSequenceOrStartsOne() {
    assertThat(AsPath.sequence(2, 3).prepend(1, 2)).isEqualTo(AsPath.sequence(1, 1, 2, 3));
    assertThat(AsPath.EMPTY.prepend(7, 1)).isEqualTo(AsPath.sequence(7));
    assertThat(MIXED.prepend(9, 1))
        .hasToString("9 (65100 65101) 65001 65002 {65003 65004} [65102]");
    assertThat(AsPath.sequence(2).prepend(1, 0)).isEqualTo(AsPath.sequence(2));
  }

  @Test
  void valueEqualityOverSegmentContents() {
    assertThat(AsPath.sequence(1, 2))
        .isEqualTo(AsPath.sequence(1, 2))
        .hasSameHashCodeAs(AsPath.sequence(1, 2))
        .isNotEqualTo(AsPath.sequence(2, 1))
        .isNotEqualTo(AsPath.of(List.of(new Segment(SegmentType.SET, new long[] {1, 2}))));
    assertThat(AsPath.sequence()).isSameAs(AsPath.EMPTY);
  }

  @Test
  void segmentsDoNotLeakTheirArrays() {
    long[] asns = {1, 2};
    Segment segment = new Segment(SegmentType.SEQUENCE, asns);
    asns[0] = 99;
    segment.asns()[1] = 99;
    assertThat(segment.asns()).containsExactly(1, 2);
  }

  @Test
  void knowsWhetherAnAsnNeedsFourOctets() {
    assertThat(AsPath.sequence(65535).hasFourOctetAsn()).isFalse();
    assertThat(AsPath.sequence(65536).hasFourOctetAsn()).isTrue();
  }
}
