package dev.tabby.testbench.cni;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The runtime's JSON: configs and results as plain maps, read and written with Jackson. */
public final class CniJson {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private CniJson() {}

  /** A JSON object as a map; an {@link IllegalArgumentException} quoting the text if it is not. */
  public static Map<String, Object> parseObject(String json) {
    try {
      return MAPPER.readValue(json, OBJECT);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a JSON object: " + json, e);
    }
  }

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
