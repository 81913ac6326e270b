package dev.tabby.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code -o table|json|yaml}, mixed into every command that prints results. */
final class OutputOption {

  /** How results are printed. */
  enum Format {
    table,
    json,
    yaml
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
  Format format;

  boolean table() {
    return format == Format.table;
  }

  /** Prints a document as JSON or YAML, as {@link #format} asks; not for {@code table}. */
  void print(PrintWriter out, JsonNode document) {
    if (format == Format.yaml) {
      out.print(YAML.writeValueAsString(document));
    } else {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }
    out.flush();
  }

  /** Prints a value (a record, a list of them) as JSON or YAML; not for {@code table}. */
  void print(PrintWriter out, Object value) {
    print(out, (JsonNode) JSON.valueToTree(value));
  }
}
