package dev.tabby.ipam;

import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.net.IpAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an allocated address has outlived its pod, for garbage collection and the check.
 * An address is leaked when its node is gone, when no pod has its name, when the pod of that name
 * has another UID than the one recorded (a pod recreated under the same name), or when that pod
 * reports addresses and this is not one of them. An address that records no pod is never judged
 * leaked. One judge serves one run: it asks about each node once.
 */
public final class LeakJudge {
  private final ClusterView cluster;
  private final Map<String, Boolean> nodeExists = new HashMap<>();

  public LeakJudge(ClusterView cluster) {
    this.cluster = cluster;
  }

  /** Why the address is leaked ("belongs to pod ..."), or empty if it is not. */
  public Optional<String> whyLeaked(AllocationOwner owner, IpAddress address) {
    if (owner == null || owner.getPod() == null) {
      return Optional.empty();
    }
    String pod = owner.getNamespace() + "/" + owner.getPod();
    String node = owner.getNode();
    if (node != null && !nodeExists.computeIfAbsent(node, cluster::nodeExists)) {
      return Optional.of("belongs to pod " + pod + " on node " + node + ", which no longer exists");
    }
    Optional<PodIdentity> current = cluster.pod(owner.getNamespace(), owner.getPod());
    if (current.isEmpty()) {
      return Optional.of("belongs to pod " + pod + ", which no longer exists");
    }
    String uid = current.get().uid();
    if (owner.getPodUID() != null && uid != null && !owner.getPodUID().equals(uid)) {
      return Optional.of(
          "belongs to pod "
              + pod
              + " with UID "
              + owner.getPodUID()
              + ", which no longer exists (the pod of that name now has UID "
              + uid
              + ")");
    }
    if (!current.get().addresses().isEmpty() && !current.get().addresses().contains(address)) {
      return Optional.of(
          "belongs to pod "
              + pod
              + ", which now has the addresses "
              + current.get().addresses().stream().sorted().toList());
    }
    return Optional.empty();
  }
}
