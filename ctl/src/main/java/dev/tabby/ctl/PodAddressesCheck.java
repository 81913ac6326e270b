package dev.tabby.ctl;

import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.pool.ServedPool;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every pod with an address (host-network pods aside) has it from a pool tabby-controller has not
 * marked invalid (its Valid condition; a pool it has not judged yet counts as valid, as the agents
 * treat it).
 */
final class PodAddressesCheck implements DiagnosticCheck {

  private final Supplier<ClusterSnapshot> cluster;

  PodAddressesCheck(Supplier<ClusterSnapshot> cluster) {
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "pod-addresses";
  }

  @Override
  public CheckOutcome run() {
    ClusterSnapshot snapshot = cluster.get();
    List<String> wrong = new ArrayList<>();
    int addresses = 0;
    for (Pod pod : snapshot.pods()) {
      if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
        continue;
      }
      for (String address : addresses(pod)) {
        addresses++;
        String problem = problem(snapshot.pools(), address);
        if (problem != null) {
          wrong.add(
              pod.getMetadata().getNamespace()
                  + "/"
                  + pod.getMetadata().getName()
                  + " "
                  + address
                  + " "
                  + problem);
        }
      }
    }
    if (!wrong.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          String.join("; ", wrong),
          "fix or recreate the pool (tabbyctl get ippools shows the controller's verdict), then"
              + " delete these pods so they get an address from a valid pool");
    }
    return CheckOutcome.ok(name(), addresses + " pod addresses, each from a valid pool");
  }

  private static List<String> addresses(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    if (pod.getStatus().getPodIPs() != null && !pod.getStatus().getPodIPs().isEmpty()) {
      return pod.getStatus().getPodIPs().stream().map(PodIP::getIp).toList();
    }
    return pod.getStatus().getPodIP() == null ? List.of() : List.of(pod.getStatus().getPodIP());
  }

  /** Why the address is not from a valid pool, or null when it is. */
  private static String problem(List<IPPool> pools, String text) {
    IpAddress address;
    try {
      address = IpAddress.parse(text);
    } catch (IllegalArgumentException e) {
      return "is not an IP address";
    }
    for (IPPool pool : pools) {
      if (pool.getSpec() == null || pool.getSpec().getCidr() == null) {
        continue;
      }
      if (IpPrefix.parseAndMask(pool.getSpec().getCidr()).contains(address)) {
        Optional<Condition> valid = ServedPool.validCondition(pool);
        if (valid.isPresent() && "False".equals(valid.get().getStatus())) {
          return "is from IPPool "
              + pool.getMetadata().getName()
              + ", marked invalid: "
              + valid.get().getMessage();
        }
        return null;
      }
    }
    return "is in no IPPool";
  }
}
