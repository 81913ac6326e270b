package dev.tabby.ipam.pool;

import static java.util.stream.Collectors.joining;

import dev.tabby.api.v1.IPPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which IPPools the allocator may use. A pool is ignored when tabby-controller marked it
 * invalid ({@link ServedPool}), when it is invalid on its own (unreadable CIDR or selector, no
 * spec, block size out of range) or when it overlaps an older pool ({@link PoolJudge}). Each
 * ignored pool is logged once per reason, so a watch that delivers the same pools again logs
 * nothing new.
 */
public final class PoolScreen {
  private static final Logger log = LoggerFactory.getLogger(PoolScreen.class);

  /** Checks each pool alone: node networks and the service range are the controller's to check. */
  private final PoolJudge judge = new PoolJudge(PoolValidator.poolsOnly());

  /**
   * The reason each pool is ignored as last logged, so a repeated judgement is not logged again.
   */
  private final Map<String, String> logged = new HashMap<>();

  private final boolean logs;

  /** A screen that logs each ignored pool once, for the allocator. */
  public PoolScreen() {
    this(true);
  }

  private PoolScreen(boolean logs) {
    this.logs = logs;
  }

  /** A screen that logs nothing, for reports that list the ignored pools themselves. */
  public static PoolScreen silent() {
    return new PoolScreen(false);
  }

  /** The pools to use and the ones to ignore, with why. */
  public record Screened(List<Pool> usable, Map<String, String> ignored) {
    /** One line per ignored pool, for reports. */
    public List<String> ignoredLines() {
      List<String> lines = new ArrayList<>();
      ignored.forEach((name, why) -> lines.add("IPPool " + name + " is ignored: " + why));
      return lines;
    }
  }

  public Screened screen(List<IPPool> pools) {
    Map<String, String> ignored = new LinkedHashMap<>();
    List<IPPool> candidates = new ArrayList<>();
    for (IPPool pool : pools) {
      ServedPool.asServed(pool)
          .ifPresentOrElse(
              candidates::add, () -> ignored.put(PoolJudge.name(pool), ServedPool.refusal(pool)));
    }
    List<Pool> usable = new ArrayList<>();
    for (PoolJudge.Judgement judgement : judge.judge(candidates, List.of())) {
      String why = judgement.problems().stream().map(PoolProblem::message).collect(joining("; "));
      if (judgement.served().isPresent()) {
        try {
          usable.add(Pool.of(judgement.served().get()));
          continue;
        } catch (RuntimeException e) {
          why = e.getMessage(); // the validator let through what Pool cannot read
        }
      }
      ignored.put(judgement.name(), why);
    }
    if (logs) {
      logChanges(ignored);
    }
    return new Screened(List.copyOf(usable), Map.copyOf(ignored));
  }

  private synchronized void logChanges(Map<String, String> ignored) {
    ignored.forEach(
        (name, why) -> {
          if (!why.equals(logged.get(name))) {
            log.warn(
                "ignoring IPPool {}: no address is assigned from it until it is fixed: {}",
                name,
                why);
          }
        });
    logged.keySet().stream()
        .filter(name -> !ignored.containsKey(name))
        .toList()
        .forEach(
            name -> {
              logged.remove(name);
              log.info("IPPool {} is usable again (or gone)", name);
            });
    logged.putAll(ignored);
  }
}
