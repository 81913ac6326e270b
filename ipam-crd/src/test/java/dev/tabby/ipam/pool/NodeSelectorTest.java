package dev.tabby.ipam.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSelectorTest {
  private final Map<String, String> labels =
      Map.of("rack", "r1", "zone", "a", "kubernetes.io/os", "linux");

  private boolean matches(String selector) {
    return NodeSelector.parse(selector).matches(labels);
  }

  @Test
  void readsKubernetesEqualitySelectors() {
    assertThat(matches("all()")).isTrue();
    assertThat(NodeSelector.parse("").matches(Map.of())).isTrue();
    assertThat(NodeSelector.parse(null).toString()).isEqualTo("all()");
    assertThat(matches("rack=r1, zone==a")).isTrue();
    assertThat(matches("rack!=r1")).isFalse();
    assertThat(matches("rack")).isTrue();
    assertThat(matches("!rack")).isFalse();
    assertThat(matches("gpu")).isFalse();
  }

  @Test
  void readsWhatCalicoUsersWrite() {
    assertThat(matches("kubernetes.io/os == 'linux'")).isTrue();
    assertThat(matches("kubernetes.io/os == \"linux\"")).isTrue();
    assertThat(matches("kubernetes.io/os == 'windows'")).isFalse();
    assertThat(matches("has(rack)")).isTrue();
    assertThat(matches("!has(rack)")).isFalse();
    assertThat(matches("! has( gpu )")).isTrue();
    assertThat(matches("rack in {'r1', 'r2'}")).isTrue();
    assertThat(matches("rack in {'r2'}")).isFalse();
    assertThat(matches("gpu in {''}")).as("in needs the label").isFalse();
    assertThat(matches("rack not in {'r2','r3'}")).isTrue();
    assertThat(matches("gpu not in {'x'}")).as("not in holds without the label").isTrue();
    assertThat(matches("gpu != 'x'")).as("!= holds without the label").isTrue();
    assertThat(matches("rack == 'r2' || zone == 'a'")).isTrue();
    assertThat(matches("rack == 'r1' && zone == 'b'")).isFalse();
    assertThat(matches("!(rack == 'r1' && zone == 'b')")).isTrue();
    assertThat(matches("(rack == 'r2' || zone == 'a') && has(kubernetes.io/os)")).isTrue();
    assertThat(matches("rack == 'r2' || zone == 'a' && rack == 'r1'"))
        .as("&& binds tighter than ||")
        .isTrue();
    assertThat(matches("rack starts with 'r' && zone ends with 'a' && rack contains '1'")).isTrue();
    assertThat(matches("all() && !has(gpu)")).isTrue();
    assertThat(NodeSelector.parse("has == 'x'").matches(Map.of("has", "x")))
        .as("a key named like a function")
        .isTrue();
  }

  @Test
  void refusesWhatItCannotReadSayingWhere() {
    assertThatThrownBy(() -> NodeSelector.parse("rack in (a,b)"))
        .hasMessage(
            "node selector 'rack in (a,b)' cannot be read at position 9 ('(a,b)'): expected {");
    assertThatThrownBy(() -> NodeSelector.parse("rack == 'r1' &&"))
        .hasMessageContaining("at position 16 (the end): expected a label key");
    assertThatThrownBy(() -> NodeSelector.parse("rack == 'r1"))
        .hasMessageContaining("at position 9 (''r1'): the quoted value starting here is never");
    assertThatThrownBy(() -> NodeSelector.parse("(rack"))
        .hasMessageContaining("at position 6 (the end): expected )");
    assertThatThrownBy(() -> NodeSelector.parse("rack == 'r1' zone"))
        .hasMessageContaining("at position 14 ('zone'): expected &&, || or the end");
    assertThatThrownBy(() -> NodeSelector.parse("rack not {'a'}"))
        .hasMessageContaining("expected 'in' after 'not'");
  }
}
