package dev.tabby.testbench.cni;

import java.util.Map;

/** One plugin execution: exit status, stdout, stderr. */
public record PluginRun(String plugin, String command, int exitCode, String stdout, String stderr) {
  public boolean ok() {
    return exitCode == 0;
  }

  /** Stdout as a JSON object (a result or an error). */
  public Map<String, Object> json() {
    return CniJson.parseObject(stdout);
  }

  /** The CNI error code printed, or 0 when the run succeeded. */
  public long errorCode() {
    return ok() ? 0 : ((Number) json().get("code")).longValue();
  }

  /** This run, or an {@link IllegalStateException} saying how the plugin failed. */
  public PluginRun orThrow() {
    if (!ok()) {
      throw new IllegalStateException(describe());
    }
    return this;
  }

  public String describe() {
    return plugin
        + " "
        + command
        + " exited "
        + exitCode
        + "; stdout: "
        + stdout
        + "; stderr: "
        + stderr;
  }
}
