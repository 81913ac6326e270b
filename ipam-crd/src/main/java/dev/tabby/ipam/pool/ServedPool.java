package dev.tabby.ipam.pool;

import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/**
 * Reads tabby-controller's verdict on a pool (its {@code Valid} condition) the way agents obey it:
 * a pool marked invalid gives no address, except one whose change of cidr was refused, which keeps
 * serving the cidr its status names. A pool with no verdict yet (no controller runs, or it has not
 * looked yet) is judged by the agents alone.
 */
public final class ServedPool {
  /** The condition type the controller sets on every pool. */
  public static final String VALID = "Valid";

  private ServedPool() {}

  /** The pool as the controller lets it be served; empty if it marked the pool invalid. */
  public static Optional<IPPool> asServed(IPPool pool) {
    Optional<Condition> valid = validCondition(pool);
    if (valid.isEmpty() || !"False".equals(valid.get().getStatus())) {
      return Optional.of(pool);
    }
    if (PoolProblem.CIDR_CHANGE_REFUSED.equals(valid.get().getReason())
        && pool.getStatus().getCidr() != null) {
      return Optional.of(withCidr(pool, pool.getStatus().getCidr()));
    }
    return Optional.empty();
  }

  /** Why a pool {@link #asServed} refuses is not served, for logs and reports. */
  public static String refusal(IPPool pool) {
    return "tabby-controller marked it invalid: "
        + validCondition(pool).map(Condition::getMessage).orElse("(no message)");
  }

  /** The pool's {@code Valid} condition, if the controller set one. */
  public static Optional<Condition> validCondition(IPPool pool) {
    if (pool.getStatus() == null || pool.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pool.getStatus().getConditions().stream()
        .filter(c -> VALID.equals(c.getType()))
        .findFirst();
  }

  /** A copy of the pool with another cidr: the same name, metadata, status and settings. */
  static IPPool withCidr(IPPool pool, String cidr) {
    IPPoolSpec spec = pool.getSpec();
    IPPoolSpec copy = new IPPoolSpec();
    copy.setCidr(cidr);
    copy.setBlockSize(spec.getBlockSize());
    copy.setNodeSelector(spec.getNodeSelector());
    copy.setDisabled(spec.isDisabled());
    copy.setDisableBGPExport(spec.isDisableBGPExport());
    copy.setAllowedUses(spec.getAllowedUses() == null ? null : List.copyOf(spec.getAllowedUses()));
    IPPool served = new IPPool();
    served.setMetadata(pool.getMetadata());
    served.setSpec(copy);
    served.setStatus(pool.getStatus());
    return served;
  }
}
