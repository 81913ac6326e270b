package dev.tabby.system;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An API request as RBAC sees it: verb, API group, resource (with its subresource, as {@code
 * ippools/status}) and namespace (null for a cluster-scoped resource or a request across all
 * namespaces). Written {@code GROUP/RESOURCE:VERB[@NAMESPACE]}, the core group empty: {@code
 * /nodes:patch}, {@code coordination.k8s.io/leases:get@tabby-system}.
 */
record ApiRequest(String group, String resource, String verb, String namespace) {

  /**
   * The request for an HTTP method and path (with its query), as kube-apiserver maps it: GET of one
   * object is get, of a collection list, or watch with {@code watch=true}; POST create, PUT update,
   * PATCH patch, DELETE of one object delete, of a collection deletecollection. Empty for a path
   * that names no resource (discovery: {@code /api}, {@code /apis/tabby.dev/v1}, {@code /version}).
   *
   * @throws IllegalArgumentException for a method RBAC has no verb for
   */
  static Optional<ApiRequest> of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    List<String> rest;
    String group;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String namespace = null;
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
    boolean one = rest.size() >= 2;
    return Optional.of(new ApiRequest(group, resource, verb(method, one, query), namespace));
  }

  private static String verb(String method, boolean one, String query) {
    return switch (method) {
      case "GET" -> one ? "get" : watches(query) ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> one ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("no RBAC verb for HTTP " + method);
    };
  }

  private static boolean watches(String query) {
    return Arrays.stream(query.split("&"))
        .anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
  }

  @Override
  public String toString() {
    return group + "/" + resource + ":" + verb + (namespace == null ? "" : "@" + namespace);
  }
}
