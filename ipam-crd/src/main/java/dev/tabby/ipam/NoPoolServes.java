package dev.tabby.ipam;

import dev.tabby.ipam.pool.Pool;
import dev.tabby.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Says why no pool of a family gives a node new addresses, naming each pool and its reason. */
final class NoPoolServes {
  private NoPoolServes() {}

  static AddressesExhaustedException error(
      IpFamily family, String node, Map<String, String> nodeLabels, IpamSnapshot snapshot) {
    List<String> reasons = new ArrayList<>();
    for (Pool p : snapshot.pools()) {
      if (p.family() != family) {
        continue;
      }
      String pool = "IPPool " + p.name() + " (" + p.cidr() + ")";
      if (p.disabled()) {
        reasons.add(pool + " is disabled");
      } else if (!p.forWorkloads()) {
        reasons.add(pool + " is not for workloads (allowedUses)");
      } else if (!p.nodeSelector().matches(nodeLabels)) {
        reasons.add(
            pool
                + " has nodeSelector "
                + p.nodeSelector()
                + ", which the node's labels do not match");
      }
    }
    snapshot
        .ignoredPools()
        .forEach((name, why) -> reasons.add("IPPool " + name + " is ignored: " + why));
    if (reasons.isEmpty()) {
      reasons.add("there is no " + family + " IPPool");
    }
    return new AddressesExhaustedException(
        "no "
            + family
            + " IPPool gives node "
            + node
            + " addresses: "
            + String.join("; ", reasons));
  }
}
