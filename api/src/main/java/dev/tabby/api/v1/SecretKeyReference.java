package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the namespace the node agent runs in. */
public class SecretKeyReference {
  @Required private String name;
  @Required private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
