package dev.tabby.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesEveryKindOfValue() {
    Map<String, Object> parsed =
        Json.parseObject(
            " {\"s\":\"a\\\"b\\\\c\\n\\u00e9\",\"n\":-12,\"d\":1.5e2,\"t\":true,\"f\":false,"
                + "\"z\":null,\"l\":[1,[],{}],\"o\":{\"k\":\"v\"}} ");
    assertThat(parsed.get("s")).isEqualTo("a\"b\\c\né");
    assertThat(parsed.get("n")).isEqualTo(-12L);
    assertThat(parsed.get("d")).isEqualTo(new BigDecimal("1.5e2"));
    assertThat(parsed).containsEntry("t", true).containsEntry("f", false).containsEntry("z", null);
    assertThat(parsed.get("l")).isEqualTo(List.of(1L, List.of(), Map.of()));
    assertThat(parsed.get("o")).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void writesWhatItParses() {
    String text =
        "{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"10.0.0.1/32\",\"interface\":1}],"
            + "\"dns\":{},\"ok\":true,\"none\":null,\"tab\":\"a\\tb\\u0001\"}";
    assertThat(Json.write(Json.parse(text))).isEqualTo(text);
  }

  @Test
  void refusesWhatIsNotJsonSayingWhere() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,}"))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining("offset 7");
    assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).hasMessageContaining("after the value");
    assertThatThrownBy(() -> Json.parse("[1, tru]")).hasMessageContaining("unexpected word");
    assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("end of input");
    assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageContaining("an array");
  }
}
