package dev.tabby.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tabby's CNI config is in the conf dir and comes first: the kubelet's runtime uses the first
 * {@code .conf}, {@code .conflist} or {@code .json} file by name.
 */
final class CniConfigCheck implements DiagnosticCheck {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path confDir;

  CniConfigCheck(Path confDir) {
    this.confDir = confDir;
  }

  @Override
  public String name() {
    return "cni-config";
  }

  @Override
  public CheckOutcome run() {
    String fix =
        "tabby-node writes 10-tabby.conflist into its CNI_CONF_DIR once it is ready: check that"
            + " it runs on this node, its /readyz and its log, and that CNI_CONF_DIR is "
            + confDir;
    if (!Files.isDirectory(confDir)) {
      return CheckOutcome.failed(name(), confDir + " does not exist", fix);
    }
    List<Path> configs = configs();
    if (configs.isEmpty()) {
      return CheckOutcome.failed(name(), "no CNI config in " + confDir, fix);
    }
    Path first = configs.get(0);
    if (isTabbys(first)) {
      return CheckOutcome.ok(name(), first + " is Tabby's and comes first");
    }
    for (Path other : configs.subList(1, configs.size())) {
      if (isTabbys(other)) {
        return CheckOutcome.failed(
            name(),
            first + " comes before Tabby's " + other.getFileName() + ": the runtime uses " + first,
            "remove " + first + " (another pod network's config): one pod network per cluster");
      }
    }
    return CheckOutcome.failed(
        name(), "no CNI config of Tabby's in " + confDir + " (found " + names(configs) + ")", fix);
  }

  private List<Path> configs() {
    try (Stream<Path> files = Files.list(confDir)) {
      return files
          .filter(
              file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".conf")
                    || name.endsWith(".conflist")
                    || name.endsWith(".json");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new CtlException("cannot list " + confDir + ": " + e.getMessage());
    }
  }

  /** A config whose plugin, or one of whose plugins, is of type {@code tabby}. */
  private static boolean isTabbys(Path file) {
    JsonNode config;
    try {
      config = JSON.readTree(Files.readString(file));
    } catch (IOException | JacksonException e) {
      return false;
    }
    if ("tabby".equals(config.path("type").asString(""))) {
      return true;
    }
    for (JsonNode plugin : config.path("plugins")) {
      if ("tabby".equals(plugin.path("type").asString(""))) {
        return true;
      }
    }
    return false;
  }

  private static String names(List<Path> files) {
    return String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList());
  }
}
