package dev.tabby.ctl;

/** Reads a Kubernetes API request as the RBAC verb and resource it needs. */
final class ApiRequest {
  private ApiRequest() {}

  /** "list ippools", "get pods", "update ipamblocks": from the method and the path. */
  static String verbAndResource(String method, String pathAndQuery) {
    String path = pathAndQuery.split("\\?", 2)[0];
    String[] parts = path.replaceFirst("^/apis?/", "").split("/");
    // core: v1/[namespaces/NS/]RESOURCE[/NAME]; groups:
    // GROUP/VERSION/[namespaces/NS/]RESOURCE[/NAME]
    int i = path.startsWith("/api/") ? 1 : 2;
    if (parts.length > i + 2 && parts[i].equals("namespaces")) {
      i += 2;
    }
    String resource = parts[i];
    boolean named = parts.length > i + 1;
    String verb =
        switch (method) {
          case "GET" -> pathAndQuery.contains("watch=true") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> method;
        };
    return verb + " " + resource;
  }
}
