package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMConfig;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPReservation;
import dev.tabby.ipam.pool.PoolValidator;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The install bundle in manifests/: every document parses strictly into its Kubernetes model type,
 * one {@code kubectl apply -f manifests/} installs it (every CRD, no custom resource, each
 * namespace before what lives in it), every role belongs to a component and has no wildcard, and
 * the DaemonSet and Deployment are wired to the daemons' configuration. That the roles grant
 * exactly the requests the components make is proven by LabIT, from the requests the lab recorded.
 */
class ManifestsTest {
  private static final List<Class<? extends CustomResource<?, ?>>> RESOURCES =
      List.of(
          IPPool.class,
          IPAMBlock.class,
          BlockAffinity.class,
          IPAMHandle.class,
          IPAMConfig.class,
          IPReservation.class,
          BGPConfiguration.class,
          BGPPeer.class,
          BGPFilter.class);

  private final List<HasMetadata> bundle = Bundle.load();

  @Test
  void everyDocumentParsesStrictlyIntoItsModelType() {
    assertThat(bundle)
        .extracting(HasMetadata::getKind)
        .contains("Namespace", "DaemonSet", "Deployment", "CustomResourceDefinition");
  }

  @Test
  void strictParsingRefusesAnUnknownFieldAndACustomResource() {
    String typo = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndatta: {a: b}\n";
    assertThatThrownBy(() -> Bundle.parse(typo, "typo.yaml")).hasMessageContaining("datta");
    String pool = "apiVersion: tabby.dev/v1\nkind: IPPool\nmetadata: {name: p}\n";
    assertThatThrownBy(() -> Bundle.parse(pool, "pool.yaml"))
        .hasMessageContaining("tabby.dev/v1/IPPool is not a kind the bundle may hold");
  }

  @Test
  void oneApplyOfTheDirectoryInstallsEveryCrdAndNoCustomResource() {
    assertThat(bundle)
        .as("custom resources, which cannot be applied together with their CRDs")
        .noneMatch(r -> r.getApiVersion().startsWith("tabby.dev/"));
    Set<String> crds = new HashSet<>();
    bundle.stream()
        .filter(CustomResourceDefinition.class::isInstance)
        .forEach(crd -> crds.add(crd.getMetadata().getName()));
    assertThat(crds)
        .as("CRDs in the files of manifests/ (kubectl apply -f DIR is not recursive)")
        .containsExactlyInAnyOrderElementsOf(
            RESOURCES.stream().map(CustomResource::getCRDName).toList());
  }

  @Test
  void eachNamespaceIsCreatedBeforeWhatLivesInIt() {
    Set<String> created = new HashSet<>(Set.of("default"));
    for (HasMetadata resource : bundle) {
      if (resource instanceof Namespace) {
        created.add(resource.getMetadata().getName());
      }
      String namespace = resource.getMetadata().getNamespace();
      if (namespace != null) {
        assertThat(created).as("namespace of %s", describe(resource)).contains(namespace);
      }
    }
  }

  @Test
  void everyRoleIsAComponentsAndHasNoWildcard() {
    BundleRbac rbac = new BundleRbac(bundle);
    for (String component : RequestLog.TOKENS) {
      assertThat(rbac.grants(component)).as("grants of %s", component).isNotEmpty();
    }
    // tabby-rr's requests are not recorded yet: LabIT runs no reflector.
    List<String> components = new ArrayList<>(RequestLog.TOKENS);
    components.add("tabby-rr");
    Set<String> roles = rbac.rolesOf(components);
    assertThat(bundle)
        .filteredOn(r -> r instanceof Role || r instanceof ClusterRole)
        .extracting(r -> r.getKind() + " " + r.getMetadata().getName())
        .as("every role is granted to tabby-node, tabby-controller, tabby-rr or tabbyctl")
        .allMatch(roles::contains);
  }

  @Test
  void theAgentRunsOnEveryNodeWithTheCapabilitiesItUses() {
    DaemonSet agent = only(DaemonSet.class, "tabby-node");
    PodSpec pod = agent.getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo("tabby-node");
    assertThat(pod.getTolerations())
        .anySatisfy(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
    assertThat(
            agent.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isEqualTo(1);
    Container container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd())
        .containsExactlyInAnyOrder("NET_ADMIN", "SYS_ADMIN", "NET_BIND_SERVICE");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/opt/cni/bin", "/etc/cni/net.d", "/run/netns", "/var/run/tabby");
    assertThat(fieldRef(container, "NODE_NAME")).isEqualTo("spec.nodeName");
    assertProbesOnTheHttpAddress(container);
  }

  @Test
  void theControllerLeadsThroughALeaseInItsNamespace() {
    Deployment controller = only(Deployment.class, "tabby-controller");
    assertThat(controller.getSpec().getReplicas()).isEqualTo(1);
    Container container = controller.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(fieldRef(container, "POD_NAME")).isEqualTo("metadata.name");
    assertThat(fieldRef(container, "TABBY_LEASE_NAMESPACE")).isEqualTo("metadata.namespace");
    assertProbesOnTheHttpAddress(container);
  }

  @Test
  void theControllerMakesTheDefaultPoolFromTheConfigMapAsKubeadmsPodNetworkCidr() {
    ConfigMap config = only(ConfigMap.class, "tabby-config");
    assertThat(config.getData())
        .containsEntry("SERVICE_CLUSTER_IP_RANGE", "10.96.0.0/12")
        .containsEntry("TABBY_DEFAULT_IPV4_POOL_CIDR", "10.244.0.0/16")
        .containsEntry("TABBY_DEFAULT_IPV6_POOL_CIDR", "");
    IPPool pool =
        IPPool.of(
            "default-ipv4",
            config.getData().get("TABBY_DEFAULT_IPV4_POOL_CIDR"),
            Integer.parseInt(config.getData().get("TABBY_DEFAULT_IPV4_POOL_BLOCK_SIZE")));
    PoolValidator kubeadms =
        new PoolValidator(
            List.of(), List.of(IpPrefix.parse(config.getData().get("SERVICE_CLUSTER_IP_RANGE"))));
    assertThat(kubeadms.problems(pool, List.of())).isEmpty();
    Container controller =
        only(Deployment.class, "tabby-controller")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    for (String key : config.getData().keySet()) {
      if (key.startsWith("TABBY_DEFAULT_")) {
        assertThat(env(controller, key).getValueFrom().getConfigMapKeyRef().getKey())
            .isEqualTo(key);
      }
    }
  }

  private static void assertProbesOnTheHttpAddress(Container container) {
    int port = Integer.parseInt(env(container, "TABBY_HTTP_ADDRESS").getValue().split(":")[1]);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(port);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(port);
  }

  private static String fieldRef(Container container, String variable) {
    return env(container, variable).getValueFrom().getFieldRef().getFieldPath();
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
  }

  private <T extends HasMetadata> T only(Class<T> type, String name) {
    return bundle.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(r -> r.getMetadata().getName().equals(name))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two " + type.getSimpleName() + " named " + name);
            })
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
  }

  private static String describe(HasMetadata resource) {
    return resource.getKind() + " " + resource.getMetadata().getName();
  }
}
