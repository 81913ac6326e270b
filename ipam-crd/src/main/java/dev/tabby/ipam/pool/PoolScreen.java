package dev.tabby.ipam.pool;

import dev.tabby.api.v1.IPPool;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which IPPools the allocator may use. A pool is ignored when it is invalid on its own
 * (unreadable CIDR or selector, no spec, block size out of range) or overlaps an older pool: pools
 * are judged oldest first (creationTimestamp, then name), so of two overlapping pools the older
 * always wins, whichever node or run judges them. Each ignored pool is logged once per reason, so a
 * watch that delivers the same pools again logs nothing new.
 */
public final class PoolScreen {
  private static final Logger log = LoggerFactory.getLogger(PoolScreen.class);

  /** Checks each pool alone: node networks and the service range are the controller's to check. */
  private final PoolValidator validator = new PoolValidator(List.of(), List.of());

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
    List<IPPool> oldestFirst = new ArrayList<>(pools);
    oldestFirst.sort(Comparator.comparing(PoolScreen::created).thenComparing(PoolScreen::name));
    List<IPPool> accepted = new ArrayList<>();
    List<Pool> usable = new ArrayList<>();
    Map<String, String> ignored = new LinkedHashMap<>();
    for (IPPool pool : oldestFirst) {
      List<String> problems = validator.problems(pool, accepted);
      if (problems.isEmpty()) {
        try {
          usable.add(Pool.of(pool));
          accepted.add(pool);
          continue;
        } catch (RuntimeException e) {
          problems = List.of(e.getMessage()); // the validator let through what Pool cannot read
        }
      }
      ignored.put(name(pool), String.join("; ", problems));
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

  private static String name(IPPool pool) {
    ObjectMeta meta = pool.getMetadata();
    return meta == null || meta.getName() == null ? "" : meta.getName();
  }

  /** A pool without a readable creation time counts as the newest: it must not displace others. */
  private static Instant created(IPPool pool) {
    ObjectMeta meta = pool.getMetadata();
    if (meta == null || meta.getCreationTimestamp() == null) {
      return Instant.MAX;
    }
    try {
      return Instant.parse(meta.getCreationTimestamp());
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
