package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPPool;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The install bundle in manifests/: every document parses strictly into its Kubernetes model type,
 * the files apply in an order that works, the RBAC grants exactly the requests the code makes, and
 * the DaemonSet and Deployment are wired to the daemons' configuration.
 */
class ManifestsTest {
  /** Surefire runs in the module's directory. */
  private static final Path MANIFESTS = Path.of("..", "manifests");

  private static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("apps/v1/DaemonSet", DaemonSet.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("tabby.dev/v1/IPPool", IPPool.class),
          Map.entry(
              "apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class));

  /**
   * The requests each daemon makes, as group/resource:verb[@namespace]. tabby-node: node-agent's
   * ClusterResources (informers), NodeAnnotator (get and patch of its Node), KubernetesSecrets
   * (BGPPeer passwords in its namespace), and ipam-crd's allocator (KubernetesResourceStore's get,
   * list, create, update, delete; KubernetesClusterView's pod get), NodeBlocks and
   * WatchedIpamConfig (informers). tabby-controller: the table of controller/README.md.
   */
  private static final Map<String, Set<String>> REQUESTS =
      Map.of(
          "tabby-node",
          grants(
              List.of("/nodes:get", "/nodes:list", "/nodes:watch", "/nodes:patch", "/pods:get"),
              cross(
                  List.of(
                      "bgppeers",
                      "bgpfilters",
                      "bgpconfigurations",
                      "ippools",
                      "ipamconfigs",
                      "ipreservations"),
                  "list",
                  "watch"),
              cross(
                  List.of("ipamblocks", "blockaffinities"),
                  "get",
                  "list",
                  "watch",
                  "create",
                  "update",
                  "delete"),
              cross(List.of("ipamhandles"), "get", "create", "update", "delete"),
              List.of("/secrets:get@tabby-system")),
          "tabby-controller",
          grants(
              List.of(
                  "/nodes:get",
                  "/nodes:list",
                  "/nodes:watch",
                  "/pods:get",
                  "/pods:list",
                  "/pods:watch",
                  "/events:create@default",
                  "coordination.k8s.io/leases:get@tabby-system",
                  "coordination.k8s.io/leases:create@tabby-system",
                  "coordination.k8s.io/leases:update@tabby-system"),
              cross(List.of("ippools"), "get", "list", "watch", "update"),
              cross(List.of("ippools/status"), "update"),
              cross(List.of("ipamblocks", "blockaffinities"), "get", "list", "update", "delete"),
              cross(List.of("ipamhandles"), "get", "update", "delete"),
              cross(List.of("ipamconfigs", "ipreservations"), "get", "list")));

  private final ObjectMapper strict =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // The model classes collect unknown fields in additionalProperties; refuse them instead.
          .annotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                  return false;
                }
              })
          .build();

  @Test
  void everyDocumentParsesStrictlyIntoItsModelType() throws IOException {
    List<HasMetadata> all = bundle();
    assertThat(all).extracting(HasMetadata::getKind).contains("Namespace", "DaemonSet", "IPPool");
    assertThat(all).filteredOn(r -> r instanceof CustomResourceDefinition).hasSize(9);
  }

  @Test
  void strictParsingRefusesAnUnknownField() {
    String typo = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndatta: {a: b}\n";
    assertThatThrownBy(() -> parse(typo, "typo.yaml")).hasMessageContaining("datta");
  }

  @Test
  void eachNamespaceIsCreatedBeforeWhatLivesInIt() throws IOException {
    Set<String> created = new HashSet<>(Set.of("default"));
    for (HasMetadata resource : topLevel()) {
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
  void rbacGrantsExactlyTheRequestsTheCodeMakes() throws IOException {
    List<HasMetadata> all = topLevel();
    for (Map.Entry<String, Set<String>> daemon : REQUESTS.entrySet()) {
      Set<String> granted = new TreeSet<>();
      for (HasMetadata binding : all) {
        if (bindsServiceAccount(binding, daemon.getKey())) {
          String namespace = binding.getMetadata().getNamespace();
          for (PolicyRule rule : rulesOf(all, roleRef(binding), namespace)) {
            granted.addAll(expand(rule, namespace));
          }
        }
      }
      assertThat(granted)
          .as("requests granted to %s", daemon.getKey())
          .isEqualTo(daemon.getValue());
    }
  }

  @Test
  void theAgentRunsOnEveryNodeWithTheCapabilitiesItUses() throws IOException {
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
  void theControllerLeadsThroughALeaseInItsNamespace() throws IOException {
    Deployment controller = only(Deployment.class, "tabby-controller");
    assertThat(controller.getSpec().getReplicas()).isEqualTo(1);
    Container container = controller.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(fieldRef(container, "POD_NAME")).isEqualTo("metadata.name");
    assertThat(fieldRef(container, "TABBY_LEASE_NAMESPACE")).isEqualTo("metadata.namespace");
    assertProbesOnTheHttpAddress(container);
  }

  @Test
  void theDefaultPoolIsKubeadmsPodNetworkCidr() throws IOException {
    IPPool pool = only(IPPool.class, "default-ipv4");
    assertThat(pool.getSpec().getCidr()).isEqualTo("10.244.0.0/16");
    ConfigMap config = only(ConfigMap.class, "tabby-config");
    assertThat(config.getData()).containsEntry("SERVICE_CLUSTER_IP_RANGE", "10.96.0.0/12");
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

  private <T extends HasMetadata> T only(Class<T> type, String name) throws IOException {
    return bundle().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(r -> r.getMetadata().getName().equals(name))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two " + type.getSimpleName() + " named " + name);
            })
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
  }

  private static boolean bindsServiceAccount(HasMetadata binding, String account) {
    List<Subject> subjects =
        binding instanceof RoleBinding rb
            ? rb.getSubjects()
            : binding instanceof ClusterRoleBinding crb ? crb.getSubjects() : List.of();
    return subjects.stream()
        .anyMatch(
            s ->
                s.getKind().equals("ServiceAccount")
                    && s.getName().equals(account)
                    && "tabby-system".equals(s.getNamespace()));
  }

  private static RoleRef roleRef(HasMetadata binding) {
    return binding instanceof RoleBinding rb
        ? rb.getRoleRef()
        : ((ClusterRoleBinding) binding).getRoleRef();
  }

  /** The rules of the role a binding names; a binding to a role not in the bundle fails. */
  private static List<PolicyRule> rulesOf(List<HasMetadata> all, RoleRef ref, String namespace) {
    Optional<HasMetadata> role =
        all.stream()
            .filter(r -> r.getKind().equals(ref.getKind()))
            .filter(r -> r.getMetadata().getName().equals(ref.getName()))
            .filter(
                r -> r instanceof ClusterRole || namespace.equals(r.getMetadata().getNamespace()))
            .findFirst();
    assertThat(role).as("%s %s named by a binding", ref.getKind(), ref.getName()).isPresent();
    return role.get() instanceof Role r ? r.getRules() : ((ClusterRole) role.get()).getRules();
  }

  /** One group/resource:verb[@namespace] per grant; a wildcard or a resource name fails. */
  private static List<String> expand(PolicyRule rule, String namespace) {
    assertThat(rule.getResourceNames()).as("resourceNames in %s", rule).isNullOrEmpty();
    List<String> grants = new ArrayList<>();
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          assertThat(List.of(group, resource, verb)).as("rule %s", rule).doesNotContain("*");
          grants.add(
              group + "/" + resource + ":" + verb + (namespace == null ? "" : "@" + namespace));
        }
      }
    }
    return grants;
  }

  @SafeVarargs
  private static Set<String> grants(List<String>... parts) {
    Set<String> all = new TreeSet<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  private static List<String> cross(List<String> tabbyResources, String... verbs) {
    List<String> grants = new ArrayList<>();
    for (String resource : tabbyResources) {
      for (String verb : verbs) {
        grants.add("tabby.dev/" + resource + ":" + verb);
      }
    }
    return grants;
  }

  /** The files `kubectl apply -f manifests/` applies, in its order (file name). */
  private List<HasMetadata> topLevel() throws IOException {
    return parseAll(yamlFiles(MANIFESTS));
  }

  /** Everything: the CRDs in manifests/crds, then the top level. */
  private List<HasMetadata> bundle() throws IOException {
    List<HasMetadata> all = new ArrayList<>(parseAll(yamlFiles(MANIFESTS.resolve("crds"))));
    all.addAll(topLevel());
    return all;
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  private List<HasMetadata> parseAll(List<Path> files) throws IOException {
    List<HasMetadata> all = new ArrayList<>();
    for (Path file : files) {
      for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
        if (!document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
          all.add(parse(document, file.getFileName().toString()));
        }
      }
    }
    return all;
  }

  private HasMetadata parse(String document, String file) {
    JsonNode tree = strict.readTree(document);
    String type = tree.path("apiVersion").asString() + "/" + tree.path("kind").asString();
    Class<? extends HasMetadata> model = TYPES.get(type);
    assertThat(model).as("%s: a known apiVersion/kind, not %s", file, type).isNotNull();
    return strict.treeToValue(tree, model);
  }

  private static String describe(HasMetadata resource) {
    return resource.getKind() + " " + resource.getMetadata().getName();
  }
}
