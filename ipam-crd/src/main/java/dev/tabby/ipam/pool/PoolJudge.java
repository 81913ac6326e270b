package dev.tabby.ipam.pool;

import dev.tabby.api.v1.IPPool;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Judges a set of pools the same way wherever it runs: oldest first (creationTimestamp, then name),
 * each against the pools judged servable before it, so of two overlapping pools the older is served
 * and the newer refused, whichever node, run or controller judges them.
 */
public final class PoolJudge {
  private static final Comparator<IPPool> OLDEST_FIRST =
      Comparator.comparing(PoolJudge::created).thenComparing(PoolJudge::name);

  private final PoolValidator validator;

  public PoolJudge(PoolValidator validator) {
    this.validator = validator;
  }

  /**
   * The verdict on one pool: its problems, and the pool as it is served (itself, or with the cidr
   * its status says it serves when a change of cidr was refused), empty when it is not served.
   */
  public record Judgement(IPPool pool, List<PoolProblem> problems, Optional<IPPool> served) {
    public String name() {
      return PoolJudge.name(pool);
    }
  }

  /** Every pool's judgement, oldest first. */
  public List<Judgement> judge(List<IPPool> pools, List<IpPrefix> blocks) {
    List<IPPool> oldestFirst = new ArrayList<>(pools);
    oldestFirst.sort(OLDEST_FIRST);
    List<IPPool> served = new ArrayList<>();
    List<Judgement> judgements = new ArrayList<>();
    for (IPPool pool : oldestFirst) {
      List<PoolProblem> problems = validator.check(pool, served, blocks);
      Optional<IPPool> serving = Optional.empty();
      if (problems.isEmpty()) {
        serving = Optional.of(pool);
      } else if (onlyCidrChangeRefused(problems)) {
        IPPool old = ServedPool.withCidr(pool, pool.getStatus().getCidr());
        if (validator.check(old, served, blocks).isEmpty()) {
          serving = Optional.of(old);
        }
      }
      serving.ifPresent(served::add);
      judgements.add(new Judgement(pool, List.copyOf(problems), serving));
    }
    return judgements;
  }

  private static boolean onlyCidrChangeRefused(List<PoolProblem> problems) {
    return problems.stream().allMatch(p -> p.reason().equals(PoolProblem.CIDR_CHANGE_REFUSED));
  }

  static String name(IPPool pool) {
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
