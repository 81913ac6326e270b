package dev.tabby.ctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code tabby} and {@code tabby-ipam} plugins are in the bin dir and executable. */
final class CniBinariesCheck implements DiagnosticCheck {

  static final List<String> PLUGINS = List.of("tabby", "tabby-ipam");

  private final Path binDir;

  CniBinariesCheck(Path binDir) {
    this.binDir = binDir;
  }

  @Override
  public String name() {
    return "cni-binaries";
  }

  @Override
  public CheckOutcome run() {
    List<String> problems = new ArrayList<>();
    for (String plugin : PLUGINS) {
      Path file = binDir.resolve(plugin);
      if (!Files.exists(file)) {
        problems.add(file + " is missing");
      } else if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
        problems.add(file + " is not an executable file");
      }
    }
    if (!problems.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          String.join("; ", problems),
          "tabby-node installs the plugins into its CNI_BIN_DIR when it starts: check its log,"
              + " and that CNI_BIN_DIR is "
              + binDir);
    }
    return CheckOutcome.ok(name(), String.join(" and ", PLUGINS) + " in " + binDir);
  }
}
