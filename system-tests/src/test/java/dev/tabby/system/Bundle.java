package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ctl.StrictYaml;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The install bundle as {@code kubectl apply -f manifests/} reads it: every YAML file of the
 * directory (not its subdirectories), in the order of their names, each document parsed strictly
 * into its Kubernetes model type (an unknown field or kind fails).
 */
final class Bundle {
  /** The tests run in the module's directory. */
  static final Path MANIFESTS = Path.of("..", "manifests");

  /** The kinds the bundle may hold; a custom resource (an IPPool, ...) is not among them. */
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
          Map.entry(
              "apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class));

  private Bundle() {}

  /** Every document of manifests/, in apply order. */
  static List<HasMetadata> load() {
    List<HasMetadata> all = new ArrayList<>();
    for (Path file : files()) {
      try {
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
          if (!document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
            all.add(parse(document, file.getFileName().toString()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  /** The files one {@code kubectl apply -f manifests/} applies: YAML, JSON, not recursive. */
  static List<Path> files() {
    try (Stream<Path> files = Files.list(MANIFESTS)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(yaml|yml|json)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One document, into the model type its apiVersion and kind name. */
  static HasMetadata parse(String document, String file) {
    JsonNode tree = StrictYaml.MAPPER.readTree(document);
    String type = tree.path("apiVersion").asString() + "/" + tree.path("kind").asString();
    Class<? extends HasMetadata> model = TYPES.get(type);
    assertThat(model)
        .as(
            "%s: %s is not a kind the bundle may hold (a custom resource cannot be applied with"
                + " its CRD)",
            file, type)
        .isNotNull();
    return StrictYaml.MAPPER.treeToValue(tree, model);
  }
}
