package dev.tabby.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API requests the stand-in recorded ({@link RequestLog}), per component, held against what the
 * bundle's RBAC grants each component ({@link BundleRbac}). Requests with another token or none are
 * the lab's own (it sets up Nodes, Pods and BGPPeers as kubectl would, through the stand-in's own
 * client) and are not audited; a component whose kubeconfig lost its token shows as one that made
 * no request.
 */
final class RbacAudit {
  private final Map<String, Set<ApiRequest>> made = new LinkedHashMap<>();
  private final List<String> unknown = new ArrayList<>();

  private RbacAudit(List<String> lines) {
    RequestLog.TOKENS.forEach(token -> made.put(token, sorted()));
    for (String line : lines) {
      String[] fields = line.split(" ", 3);
      if (!made.containsKey(fields[0])) {
        continue;
      }
      Optional<ApiRequest> request = ApiRequest.of(fields[1], fields[2]);
      if (request.isPresent()) {
        made.get(fields[0]).add(request.get());
      } else if (!isDiscovery(fields[2])) {
        unknown.add(fields[0] + " requested " + fields[2] + ", which names no resource");
      }
    }
  }

  static RbacAudit of(Path requestLog) {
    try {
      return new RbacAudit(Files.readAllLines(requestLog));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stand-in's request log " + requestLog, e);
    }
  }

  /**
   * Discovery, which kube-apiserver's default roles (system:discovery, system:public-info-viewer)
   * allow every authenticated user.
   */
  private static boolean isDiscovery(String path) {
    return path.matches("/(api|apis|version|openapi)(/.*)?");
  }

  /** What each component requested. */
  Map<String, Set<ApiRequest>> made() {
    return made;
  }

  /**
   * Each request the bundle does not grant to the component that made it, each request no component
   * may make, and each grant its component never used; empty when the roles are exact.
   */
  List<String> problems(BundleRbac rbac) {
    List<String> problems = new ArrayList<>(unknown);
    for (Map.Entry<String, Set<ApiRequest>> component : made.entrySet()) {
      String who = component.getKey();
      Set<ApiRequest> granted = rbac.grants(who);
      if (component.getValue().isEmpty()) {
        problems.add(who + " made no request: did it authenticate with its token?");
      }
      for (ApiRequest request : component.getValue()) {
        if (granted.stream().noneMatch(grant -> BundleRbac.allows(grant, request))) {
          problems.add(who + " requested " + request + ", which its roles do not grant");
        }
      }
      for (ApiRequest grant : granted) {
        if (component.getValue().stream().noneMatch(request -> BundleRbac.allows(grant, request))) {
          problems.add(who + " is granted " + grant + ", which it never requested");
        }
      }
    }
    return problems;
  }

  private static Set<ApiRequest> sorted() {
    return new TreeSet<>(Comparator.comparing(ApiRequest::toString));
  }
}
