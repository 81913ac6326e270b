package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HTTP requests mapped to RBAC's verbs and resources as kube-apiserver maps them. */
class ApiRequestTest {

  private static String rbac(String method, String path) {
    return ApiRequest.of(method, path).map(ApiRequest::toString).orElse("(no resource)");
  }

  @Test
  void getOfOneObjectIsGetOfACollectionListAndWithWatchWatch() {
    assertThat(rbac("GET", "/api/v1/nodes/node1")).isEqualTo("/nodes:get");
    assertThat(rbac("GET", "/api/v1/nodes")).isEqualTo("/nodes:list");
    assertThat(rbac("GET", "/api/v1/nodes?labelSelector=a%3Db&limit=500")).isEqualTo("/nodes:list");
    assertThat(rbac("GET", "/apis/tabby.dev/v1/ippools?allowWatchBookmarks=true&watch=true"))
        .isEqualTo("tabby.dev/ippools:watch");
    assertThat(rbac("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dn1&watch=true"))
        .isEqualTo("/pods:watch");
  }

  @Test
  void writesAreCreateUpdatePatchDeleteAndDeletecollection() {
    assertThat(rbac("POST", "/apis/tabby.dev/v1/ipamblocks"))
        .isEqualTo("tabby.dev/ipamblocks:create");
    assertThat(rbac("PUT", "/apis/tabby.dev/v1/ippools/p")).isEqualTo("tabby.dev/ippools:update");
    assertThat(rbac("PATCH", "/api/v1/nodes/n1")).isEqualTo("/nodes:patch");
    assertThat(rbac("DELETE", "/apis/tabby.dev/v1/ipamhandles/h"))
        .isEqualTo("tabby.dev/ipamhandles:delete");
    assertThat(rbac("DELETE", "/apis/tabby.dev/v1/ipamhandles"))
        .isEqualTo("tabby.dev/ipamhandles:deletecollection");
  }

  @Test
  void namespacesAndSubresourcesAreKept() {
    assertThat(rbac("GET", "/api/v1/namespaces/tabby-system/secrets/peer-password"))
        .isEqualTo("/secrets:get@tabby-system");
    assertThat(rbac("POST", "/apis/coordination.k8s.io/v1/namespaces/tabby-system/leases"))
        .isEqualTo("coordination.k8s.io/leases:create@tabby-system");
    assertThat(rbac("PUT", "/apis/tabby.dev/v1/ippools/p/status"))
        .isEqualTo("tabby.dev/ippools/status:update");
    assertThat(rbac("PATCH", "/api/v1/nodes/n1/status")).isEqualTo("/nodes/status:patch");
    assertThat(rbac("GET", "/api/v1/namespaces/default")).isEqualTo("/namespaces:get");
  }

  @Test
  void discoveryNamesNoResourceAndAnUnknownMethodIsRefused() {
    assertThat(ApiRequest.of("GET", "/apis/tabby.dev/v1")).isEqualTo(Optional.empty());
    assertThat(ApiRequest.of("GET", "/version")).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> ApiRequest.of("TRACE", "/api/v1/nodes"))
        .hasMessageContaining("no RBAC verb for HTTP TRACE");
  }

  @Test
  void aClusterWideGrantAllowsEveryNamespaceAndARoleOnlyItsOwn() {
    ApiRequest request = ApiRequest.of("GET", "/api/v1/namespaces/default/pods/p").orElseThrow();
    assertThat(BundleRbac.allows(new ApiRequest("", "pods", "get", null), request)).isTrue();
    assertThat(BundleRbac.allows(new ApiRequest("", "pods", "get", "default"), request)).isTrue();
    assertThat(BundleRbac.allows(new ApiRequest("", "pods", "get", "tabby-system"), request))
        .isFalse();
    assertThat(BundleRbac.allows(new ApiRequest("", "pods", "list", null), request)).isFalse();
  }
}
