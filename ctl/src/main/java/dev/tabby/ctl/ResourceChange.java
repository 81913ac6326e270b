package dev.tabby.ctl;

import java.io.PrintWriter;
import java.util.List;

/**
 * What {@code apply} or {@code delete} did to one resource.
 *
 * @param action created, configured, unchanged or deleted
 */
record ResourceChange(String kind, String name, String action) {

  static ResourceChange of(ResourceFile.Resource resource, String action) {
    return new ResourceChange(resource.kind().kind(), resource.name(), action);
  }

  /** One line per change ({@code ippool "a" created}), or the list as JSON or YAML. */
  static void print(OutputOption output, PrintWriter out, List<ResourceChange> changes) {
    if (output.table()) {
      for (ResourceChange change : changes) {
        TabbyKind kind = TabbyKind.ofManifestKind(change.kind()).orElseThrow();
        out.println(kind.describe(change.name()) + " " + change.action());
      }
      out.flush();
    } else {
      output.print(out, changes);
    }
  }
}
