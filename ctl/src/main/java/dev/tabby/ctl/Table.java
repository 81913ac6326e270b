package dev.tabby.ctl;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with left-aligned columns sized to their widest cell. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    columns = header.length;
    rows.add(header);
  }

  Table row(Object... cells) {
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
    }
    rows.add(row);
    return this;
  }

  String render() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
