package dev.tabby.node.cni;

import dev.tabby.cni.Json;
import java.util.Map;

/** One plugin execution: exit status, stdout, stderr. */
record PluginRun(String plugin, String command, int exitCode, String stdout, String stderr) {
  boolean ok() {
    return exitCode == 0;
  }

  /** Stdout as a JSON object (a result or an error). */
  Map<String, Object> json() {
    return Json.parseObject(stdout);
  }

  /** The CNI error code printed, or 0 when the run succeeded. */
  long errorCode() {
    return ok() ? 0 : ((Number) json().get("code")).longValue();
  }

  PluginRun orThrow() {
    if (!ok()) {
      throw new AssertionError(describe());
    }
    return this;
  }

  String describe() {
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
