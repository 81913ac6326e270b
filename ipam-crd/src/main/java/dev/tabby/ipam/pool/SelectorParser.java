package dev.tabby.ipam.pool;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/** A recursive-descent reader of one {@link NodeSelector} expression. */
final class SelectorParser {
  private final String text;
  private int pos;

  SelectorParser(String text) {
    this.text = text;
  }

  Predicate<Map<String, String>> parse() {
    Predicate<Map<String, String>> result = or();
    skipSpaces();
    if (pos < text.length()) {
      throw error("expected &&, || or the end");
    }
    return result;
  }

  private Predicate<Map<String, String>> or() {
    Predicate<Map<String, String>> left = and();
    while (accept("||")) {
      left = left.or(and());
    }
    return left;
  }

  private Predicate<Map<String, String>> and() {
    Predicate<Map<String, String>> left = unary();
    while (accept("&&") || accept(",")) {
      left = left.and(unary());
    }
    return left;
  }

  private Predicate<Map<String, String>> unary() {
    skipSpaces();
    if (!lookingAt("!=") && accept("!")) {
      return unary().negate();
    }
    return primary();
  }

  private Predicate<Map<String, String>> primary() {
    if (accept("(")) {
      Predicate<Map<String, String>> inner = or();
      expect(")");
      return inner;
    }
    if (acceptCall("all")) {
      expect(")");
      return labels -> true;
    }
    if (acceptCall("has")) {
      String key = key();
      expect(")");
      return labels -> labels.containsKey(key);
    }
    String key = key();
    if (accept("==") || accept("=")) {
      String value = value();
      return labels -> value.equals(labels.get(key));
    }
    if (accept("!=")) {
      String value = value();
      return labels -> !value.equals(labels.get(key));
    }
    if (acceptWord("in")) {
      Set<String> values = set();
      return labels -> labels.containsKey(key) && values.contains(labels.get(key));
    }
    if (acceptWord("not")) {
      if (!acceptWord("in")) {
        throw error("expected 'in' after 'not'");
      }
      Set<String> values = set();
      return labels -> !values.contains(labels.get(key));
    }
    if (acceptWord("starts")) {
      return stringTest(key, String::startsWith);
    }
    if (acceptWord("ends")) {
      return stringTest(key, String::endsWith);
    }
    if (acceptWord("contains")) {
      String value = value();
      return labels -> labels.containsKey(key) && labels.get(key).contains(value);
    }
    return labels -> labels.containsKey(key);
  }

  private Predicate<Map<String, String>> stringTest(String key, BiPredicate<String, String> test) {
    if (!acceptWord("with")) {
      throw error("expected 'with'");
    }
    String value = value();
    return labels -> labels.containsKey(key) && test.test(labels.get(key), value);
  }

  private Set<String> set() {
    expect("{");
    Set<String> values = new LinkedHashSet<>();
    if (!accept("}")) {
      do {
        values.add(value());
      } while (accept(","));
      expect("}");
    }
    return values;
  }

  /** A label key: an optional DNS prefix and slash, then a name. */
  private String key() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && isKeyChar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a label key, has(...), all(), ! or (");
    }
    return text.substring(start, pos);
  }

  /** A quoted string, or an unquoted label value. */
  private String value() {
    skipSpaces();
    if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
      char quote = text.charAt(pos);
      int close = text.indexOf(quote, pos + 1);
      if (close < 0) {
        throw error("the quoted value starting here is never closed");
      }
      String value = text.substring(pos + 1, close);
      pos = close + 1;
      return value;
    }
    int start = pos;
    while (pos < text.length() && isValueChar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a value ('quoted' or a plain label value)");
    }
    return text.substring(start, pos);
  }

  private static boolean isKeyChar(char c) {
    return isValueChar(c) || c == '/';
  }

  private static boolean isValueChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
  }

  private boolean lookingAt(String token) {
    skipSpaces();
    return text.startsWith(token, pos);
  }

  private boolean accept(String token) {
    if (lookingAt(token)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  /** Accepts a keyword only as a whole word, so a key such as {@code hasGpu} stays a key. */
  private boolean acceptWord(String word) {
    if (!lookingAt(word)) {
      return false;
    }
    int end = pos + word.length();
    if (end < text.length() && isKeyChar(text.charAt(end))) {
      return false;
    }
    pos = end;
    return true;
  }

  /** Accepts {@code word(}, so that a label key named like a function stays a key. */
  private boolean acceptCall(String word) {
    int start = pos;
    if (acceptWord(word) && accept("(")) {
      return true;
    }
    pos = start;
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error("expected " + token);
    }
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    skipSpaces();
    String where =
        pos >= text.length()
            ? "at position " + (pos + 1) + " (the end)"
            : "at position "
                + (pos + 1)
                + " ('"
                + text.substring(pos, Math.min(text.length(), pos + 10))
                + "')";
    return new IllegalArgumentException(
        "node selector '" + text + "' cannot be read " + where + ": " + what);
  }
}
