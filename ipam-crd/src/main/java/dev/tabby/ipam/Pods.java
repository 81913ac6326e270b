package dev.tabby.ipam;

import dev.tabby.net.IpAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads a Kubernetes Pod into what IPAM compares. */
final class Pods {
  private Pods() {}

  static Optional<PodIdentity> identity(Pod pod) {
    if (pod == null) {
      return Optional.empty();
    }
    Set<IpAddress> addresses = new HashSet<>();
    if (pod.getStatus() != null && pod.getStatus().getPodIPs() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        try {
          addresses.add(IpAddress.parse(ip.getIp()));
        } catch (RuntimeException e) {
          // not an address IPAM could have given: it cannot match any
        }
      }
    }
    return Optional.of(new PodIdentity(pod.getMetadata().getUid(), addresses));
  }
}
