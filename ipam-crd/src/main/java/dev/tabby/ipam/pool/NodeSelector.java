package dev.tabby.ipam.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which nodes a pool serves: {@code all()} (or empty), or comma-separated label requirements in
 * Kubernetes' equality-based syntax: {@code key}, {@code !key}, {@code key=value}, {@code
 * key==value}, {@code key!=value}. All requirements must hold.
 */
public final class NodeSelector {
  private static final Pattern REQUIREMENT =
      Pattern.compile("^(!?)\\s*([A-Za-z0-9_./-]+)\\s*(?:(==|=|!=)\\s*([A-Za-z0-9_.-]*))?$");

  private final String text;
  private final List<Requirement> requirements;

  private NodeSelector(String text, List<Requirement> requirements) {
    this.text = text;
    this.requirements = requirements;
  }

  public static NodeSelector parse(String text) {
    String s = text == null ? "" : text.trim();
    List<Requirement> requirements = new ArrayList<>();
    if (!s.isEmpty() && !s.equals("all()")) {
      for (String part : s.split(",")) {
        Matcher m = REQUIREMENT.matcher(part.trim());
        if (!m.matches() || (!m.group(1).isEmpty() && m.group(3) != null)) {
          throw new IllegalArgumentException(
              "node selector '" + text + "': cannot read '" + part.trim() + "'");
        }
        requirements.add(
            new Requirement(!m.group(1).isEmpty(), m.group(2), m.group(3), m.group(4)));
      }
    }
    return new NodeSelector(s.isEmpty() ? "all()" : s, List.copyOf(requirements));
  }

  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(r -> r.matches(l));
  }

  @Override
  public String toString() {
    return text;
  }

  private record Requirement(boolean negated, String key, String operator, String value) {
    boolean matches(Map<String, String> labels) {
      if (operator == null) {
        return labels.containsKey(key) != negated;
      }
      boolean equal = value.equals(labels.get(key));
      return operator.equals("!=") ? !equal : equal;
    }
  }
}
