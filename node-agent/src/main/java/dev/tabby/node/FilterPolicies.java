package dev.tabby.node;

import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPFilterRule;
import dev.tabby.api.v1.BGPFilterSpec;
import dev.tabby.api.v1.FilterAction;
import dev.tabby.api.v1.MatchOperator;
import dev.tabby.api.v1.PrefixLengthRange;
import dev.tabby.bgp.policy.PolicyAction;
import dev.tabby.bgp.policy.PolicyRule;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * A BGPFilter → the import and export policies of the peers that name it. As in Calico, the rules
 * of each direction and family are tried in order, the first that matches decides, and a route no
 * rule matches is accepted. A v4 rule never matches an IPv6 route, nor a v6 rule an IPv4 one.
 *
 * <p>A rule matches by {@code cidr} and {@code matchOperator} ({@code Equal}: the route is the
 * CIDR; {@code In}: the route is the CIDR or inside it; {@code NotEqual}, {@code NotIn}: the
 * opposite) and by {@code prefixLength} (with {@code In} and {@code NotIn}: the route's length
 * within the range). A rule without {@code cidr} matches every route of its family (within {@code
 * prefixLength}, if given).
 */
final class FilterPolicies {

  /** The policies one filter gives a peer. */
  record Policies(RoutePolicy importPolicy, RoutePolicy exportPolicy) {}

  private FilterPolicies() {}

  /**
   * @throws ConfigException naming the filter, the rule and the field when a rule cannot be read
   */
  static Policies of(BGPFilter filter) {
    String name = "BGPFilter " + filter.getMetadata().getName();
    BGPFilterSpec spec = filter.getSpec();
    if (spec == null) {
      throw new ConfigException(name + ": spec is missing");
    }
    List<PolicyRule> imports = new ArrayList<>();
    imports.addAll(rules(name, "importV4", spec.getImportV4(), AddressFamily.IPV4_UNICAST));
    imports.addAll(rules(name, "importV6", spec.getImportV6(), AddressFamily.IPV6_UNICAST));
    List<PolicyRule> exports = new ArrayList<>();
    exports.addAll(rules(name, "exportV4", spec.getExportV4(), AddressFamily.IPV4_UNICAST));
    exports.addAll(rules(name, "exportV6", spec.getExportV6(), AddressFamily.IPV6_UNICAST));
    return new Policies(
        new RoutePolicy(imports, PolicyAction.ACCEPT),
        new RoutePolicy(exports, PolicyAction.ACCEPT));
  }

  private static List<PolicyRule> rules(
      String name, String field, List<BGPFilterRule> rules, AddressFamily family) {
    List<PolicyRule> result = new ArrayList<>();
    if (rules == null) {
      return result;
    }
    for (int i = 0; i < rules.size(); i++) {
      result.add(rule(name + ": spec." + field + "[" + i + "]", rules.get(i), family));
    }
    return result;
  }

  private static PolicyRule rule(String where, BGPFilterRule rule, AddressFamily family) {
    if (rule.getAction() == null) {
      throw new ConfigException(where + ".action is missing (Accept or Reject)");
    }
    IpPrefix cidr = cidr(where, rule, family);
    MatchOperator operator = rule.getMatchOperator();
    if (rule.getCidr() == null && operator != null) {
      throw new ConfigException(where + ".matchOperator " + operator + " needs a cidr");
    }
    if (rule.getCidr() != null && operator == null) {
      throw new ConfigException(where + ".matchOperator is missing (Equal, NotEqual, In or NotIn)");
    }
    PrefixLengthRange lengths = rule.getPrefixLength();
    boolean exact = operator == MatchOperator.Equal || operator == MatchOperator.NotEqual;
    if (exact && lengths != null) {
      throw new ConfigException(where + ".prefixLength applies to In and NotIn only");
    }
    int min = exact ? cidr.length() : Math.max(cidr.length(), bound(lengths, true, 0));
    int max = exact ? cidr.length() : bound(lengths, false, family.maxLength());
    if (max > family.maxLength() || min > max) {
      throw new ConfigException(
          where
              + ".prefixLength "
              + min
              + ".."
              + max
              + " is empty or beyond the family's "
              + family.maxLength()
              + " bits");
    }
    PolicyRule.Builder builder = PolicyRule.builder().within(cidr).minLength(min).maxLength(max);
    if (operator == MatchOperator.NotEqual || operator == MatchOperator.NotIn) {
      builder.negatePrefix();
    }
    return rule.getAction() == FilterAction.Accept ? builder.accept() : builder.reject();
  }

  /** The rule's CIDR; without one, the whole family. */
  private static IpPrefix cidr(String where, BGPFilterRule rule, AddressFamily family) {
    if (rule.getCidr() == null) {
      return IpPrefix.parse(family == AddressFamily.IPV4_UNICAST ? "0.0.0.0/0" : "::/0");
    }
    IpPrefix cidr;
    try {
      cidr = IpPrefix.parse(rule.getCidr());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ".cidr '" + rule.getCidr() + "': " + e.getMessage());
    }
    if (AddressFamily.of(cidr) != family) {
      throw new ConfigException(
          where
              + ".cidr '"
              + rule.getCidr()
              + "' is not an "
              + (family == AddressFamily.IPV4_UNICAST ? "IPv4" : "IPv6")
              + " prefix");
    }
    return cidr;
  }

  private static int bound(PrefixLengthRange lengths, boolean lower, int otherwise) {
    Integer value = lengths == null ? null : lower ? lengths.getMin() : lengths.getMax();
    return value == null ? otherwise : value;
  }
}
