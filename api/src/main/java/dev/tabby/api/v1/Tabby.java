package dev.tabby.api.v1;

/** Names shared by every Tabby custom resource. */
public final class Tabby {
  public static final String GROUP = "tabby.dev";
  public static final String VERSION = "v1";

  private Tabby() {}
}
