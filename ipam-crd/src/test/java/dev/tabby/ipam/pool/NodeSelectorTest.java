package dev.tabby.ipam.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSelectorTest {
  private final Map<String, String> labels = Map.of("rack", "r1", "zone", "a");

  @Test
  void matchesRequirements() {
    assertThat(NodeSelector.parse("all()").matches(labels)).isTrue();
    assertThat(NodeSelector.parse("").matches(Map.of())).isTrue();
    assertThat(NodeSelector.parse("rack=r1, zone==a").matches(labels)).isTrue();
    assertThat(NodeSelector.parse("rack!=r1").matches(labels)).isFalse();
    assertThat(NodeSelector.parse("rack").matches(labels)).isTrue();
    assertThat(NodeSelector.parse("!rack").matches(labels)).isFalse();
    assertThat(NodeSelector.parse("gpu").matches(labels)).isFalse();
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> NodeSelector.parse("rack in (a,b)"))
        .hasMessageContaining("cannot read 'rack in (a'");
  }
}
