package dev.tabby.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code /readyz} answers: ready only when every named check passes. A check answers null when
 * it passes, else what is wrong.
 */
public final class Readiness {

  private final Map<String, Supplier<String>> checks = new LinkedHashMap<>();

  /** Adds a check; {@code problem} answers null when all is well. */
  public synchronized Readiness check(String name, Supplier<String> problem) {
    checks.put(name, problem);
    return this;
  }

  /** What is wrong, one line per failing check; empty when ready. */
  public synchronized List<String> problems() {
    List<String> problems = new ArrayList<>();
    checks.forEach(
        (name, check) -> {
          String problem;
          try {
            problem = check.get();
          } catch (RuntimeException e) {
            problem = e.toString();
          }
          if (problem != null) {
            problems.add(name + ": " + problem);
          }
        });
    return problems;
  }
}
