package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the bundle's RBAC allows each Tabby component, one grant per verb and resource, as {@link
 * ApiRequest}s whose namespace is the one a Role grants in, or null for a ClusterRole bound
 * cluster-wide (which allows the request in every namespace too).
 */
final class BundleRbac {
  /** The namespace of the bundle's ServiceAccounts. */
  static final String NAMESPACE = "tabby-system";

  /** The ClusterRole an operator binds to the users who run tabbyctl. */
  static final String TABBYCTL_ROLE = "tabbyctl";

  private final List<HasMetadata> bundle;

  BundleRbac(List<HasMetadata> bundle) {
    this.bundle = bundle;
  }

  /**
   * The grants of a component: for tabbyctl, its ClusterRole bound cluster-wide; for a daemon, the
   * roles bound to its ServiceAccount (of the same name, in tabby-system).
   */
  Set<ApiRequest> grants(String component) {
    Set<ApiRequest> granted = new TreeSet<>(Comparator.comparing(ApiRequest::toString));
    if (component.equals(TABBYCTL_ROLE)) {
      RoleRef ref = new RoleRef("rbac.authorization.k8s.io", "ClusterRole", TABBYCTL_ROLE);
      rulesOf(ref, null).forEach(rule -> granted.addAll(expand(rule, null)));
      return granted;
    }
    for (HasMetadata binding : bundle) {
      if (bindsServiceAccount(binding, component)) {
        String namespace = binding.getMetadata().getNamespace();
        rulesOf(roleRef(binding), namespace)
            .forEach(rule -> granted.addAll(expand(rule, namespace)));
      }
    }
    return granted;
  }

  /** Whether {@code grant} allows {@code request}: a cluster-wide grant allows it anywhere. */
  static boolean allows(ApiRequest grant, ApiRequest request) {
    return grant.group().equals(request.group())
        && grant.resource().equals(request.resource())
        && grant.verb().equals(request.verb())
        && (grant.namespace() == null || grant.namespace().equals(request.namespace()));
  }

  /** The names of the bundle's Roles and ClusterRoles a component's grants come from. */
  Set<String> rolesOf(List<String> components) {
    Set<String> roles = new TreeSet<>();
    for (HasMetadata binding : bundle) {
      for (String component : components) {
        if (bindsServiceAccount(binding, component)) {
          roles.add(roleRef(binding).getKind() + " " + roleRef(binding).getName());
        }
      }
    }
    if (components.contains(TABBYCTL_ROLE)) {
      roles.add("ClusterRole " + TABBYCTL_ROLE);
    }
    return roles;
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
                    && NAMESPACE.equals(s.getNamespace()));
  }

  private static RoleRef roleRef(HasMetadata binding) {
    return binding instanceof RoleBinding rb
        ? rb.getRoleRef()
        : ((ClusterRoleBinding) binding).getRoleRef();
  }

  /** The rules of the role a binding names; a role not in the bundle fails. */
  private List<PolicyRule> rulesOf(RoleRef ref, String namespace) {
    HasMetadata role =
        bundle.stream()
            .filter(r -> r.getKind().equals(ref.getKind()))
            .filter(r -> r.getMetadata().getName().equals(ref.getName()))
            .filter(
                r -> r instanceof ClusterRole || r.getMetadata().getNamespace().equals(namespace))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        ref.getKind() + " " + ref.getName() + " is not in the bundle"));
    return role instanceof Role r ? r.getRules() : ((ClusterRole) role).getRules();
  }

  /** One grant per group, resource and verb; a wildcard or a resource name fails. */
  private static List<ApiRequest> expand(PolicyRule rule, String namespace) {
    assertThat(rule.getResourceNames()).as("resourceNames in %s", rule).isNullOrEmpty();
    assertThat(rule.getNonResourceURLs()).as("nonResourceURLs in %s", rule).isNullOrEmpty();
    return rule.getApiGroups().stream()
        .flatMap(
            group ->
                rule.getResources().stream()
                    .flatMap(
                        resource ->
                            rule.getVerbs().stream()
                                .map(
                                    verb -> {
                                      assertThat(List.of(group, resource, verb))
                                          .as("rule %s", rule)
                                          .doesNotContain("*");
                                      return new ApiRequest(group, resource, verb, namespace);
                                    })))
        .toList();
  }
}
