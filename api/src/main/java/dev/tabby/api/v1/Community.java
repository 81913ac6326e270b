package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A named BGP community: standard {@code aa:nn} or large {@code aa:nn:mm}. */
public class Community {
  @Required private String name;

  @Required
  @Pattern("^(\\d+):(\\d+)(:(\\d+))?$")
  private String value;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
