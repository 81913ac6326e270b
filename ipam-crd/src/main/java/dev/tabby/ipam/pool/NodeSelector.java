package dev.tabby.ipam.pool;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Which nodes a pool serves, in the selector syntax Calico users write, for example {@code
 * kubernetes.io/os == 'linux' && !has(node-role.kubernetes.io/control-plane)}:
 *
 * <ul>
 *   <li>{@code all()} (or an empty selector): every node;
 *   <li>{@code has(key)}, or the bare {@code key}: the label is present;
 *   <li>{@code key == 'v'}, {@code key != 'v'} (also {@code =}), values quoted with single or
 *       double quotes, or unquoted when they are plain label values;
 *   <li>{@code key in {'a', 'b'}}, {@code key not in {'a', 'b'}};
 *   <li>{@code key starts with 'p'}, {@code key ends with 's'}, {@code key contains 's'};
 *   <li>{@code !}, {@code &&} (a comma means the same, as in Kubernetes' label selectors), {@code
 *       ||} and parentheses; {@code !} binds tightest, then {@code &&}, then {@code ||}.
 * </ul>
 *
 * As in Calico, {@code key != 'v'} and {@code key not in {...}} also hold for a node without the
 * label. A selector that cannot be read is refused with the position of the first character that
 * does not fit.
 */
public final class NodeSelector {
  private final String text;
  private final Predicate<Map<String, String>> test;

  private NodeSelector(String text, Predicate<Map<String, String>> test) {
    this.text = text;
    this.test = test;
  }

  /** Reads a selector; throws IllegalArgumentException saying where it stops making sense. */
  public static NodeSelector parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      return new NodeSelector("all()", labels -> true);
    }
    return new NodeSelector(s, new SelectorParser(s).parse());
  }

  public boolean matches(Map<String, String> labels) {
    return test.test(labels == null ? Map.of() : labels);
  }

  @Override
  public String toString() {
    return text;
  }
}
