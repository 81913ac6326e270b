package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPFilterRule;
import dev.tabby.api.v1.BGPFilterSpec;
import dev.tabby.api.v1.FilterAction;
import dev.tabby.api.v1.MatchOperator;
import dev.tabby.api.v1.PrefixLengthRange;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterPoliciesTest {

  private static final PathAttributes ANY = PathAttributes.builder().build();

  @Test
  void exportRulesFirstMatchDecidesAndUnmatchedRoutesAreAccepted() {
    BGPFilter filter = new BGPFilter();
    filter.getMetadata().setName("f");
    BGPFilterSpec spec = new BGPFilterSpec();
    spec.setExportV4(
        List.of(
            rule("10.244.1.0/26", MatchOperator.Equal, FilterAction.Accept),
            rule("10.244.0.0/16", MatchOperator.In, FilterAction.Reject)));
    spec.setExportV6(List.of(rule("fd00::/48", MatchOperator.NotIn, FilterAction.Reject)));
    filter.setSpec(spec);

    RoutePolicy export = FilterPolicies.of(filter).exportPolicy();

    assertThat(passes(export, "10.244.1.0/26")).as("Equal: accepted").isTrue();
    assertThat(passes(export, "10.244.2.0/26")).as("In: rejected").isFalse();
    assertThat(passes(export, "10.244.1.0/27")).as("not Equal, but In").isFalse();
    assertThat(passes(export, "192.0.2.0/24")).as("no rule matches: accepted").isTrue();
    assertThat(passes(export, "fd00::/122")).as("inside the v6 CIDR").isTrue();
    assertThat(passes(export, "fd01::/122")).as("NotIn: rejected").isFalse();
    assertThat(passes(FilterPolicies.of(filter).importPolicy(), "10.244.2.0/26"))
        .as("export rules leave imports alone")
        .isTrue();
  }

  @Test
  void importRulesWithNotEqualAndPrefixLengths() {
    BGPFilter filter = new BGPFilter();
    filter.getMetadata().setName("f");
    BGPFilterSpec spec = new BGPFilterSpec();
    BGPFilterRule hostRoutes = rule("10.0.0.0/8", MatchOperator.In, FilterAction.Reject);
    PrefixLengthRange lengths = new PrefixLengthRange();
    lengths.setMin(32);
    hostRoutes.setPrefixLength(lengths);
    spec.setImportV4(
        List.of(
            hostRoutes,
            rule("0.0.0.0/0", MatchOperator.NotEqual, FilterAction.Accept),
            rule(null, null, FilterAction.Reject)));
    filter.setSpec(spec);

    RoutePolicy imports = FilterPolicies.of(filter).importPolicy();

    assertThat(passes(imports, "10.1.2.3/32")).isFalse();
    assertThat(passes(imports, "10.1.2.0/24")).isTrue();
    assertThat(passes(imports, "0.0.0.0/0")).as("not NotEqual: the catch-all rejects").isFalse();
    assertThat(passes(imports, "fd00::/64")).as("v4 rules leave IPv6 alone").isTrue();
  }

  @Test
  void unreadableRulesNameTheFilterRuleAndField() {
    assertThatThrownBy(
            () ->
                FilterPolicies.of(
                    withExportV4("f", rule("10.0.0.0/33", MatchOperator.In, FilterAction.Accept))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("BGPFilter f: spec.exportV4[0].cidr '10.0.0.0/33'");
    assertThatThrownBy(
            () ->
                FilterPolicies.of(
                    withExportV4("f", rule("fd00::/64", MatchOperator.In, FilterAction.Accept))))
        .hasMessage("BGPFilter f: spec.exportV4[0].cidr 'fd00::/64' is not an IPv4 prefix");
    assertThatThrownBy(
            () ->
                FilterPolicies.of(withExportV4("f", rule("10.0.0.0/8", null, FilterAction.Accept))))
        .hasMessage(
            "BGPFilter f: spec.exportV4[0].matchOperator is missing (Equal, NotEqual, In or NotIn)");
    assertThatThrownBy(
            () -> FilterPolicies.of(withExportV4("f", rule("10.0.0.0/8", MatchOperator.In, null))))
        .hasMessage("BGPFilter f: spec.exportV4[0].action is missing (Accept or Reject)");
  }

  /** A filter that keeps the CIDR and everything in it from being exported. */
  static BGPFilter filter(String name, String cidr) {
    return withExportV4(name, rule(cidr, MatchOperator.In, FilterAction.Reject));
  }

  private static BGPFilter withExportV4(String name, BGPFilterRule rule) {
    BGPFilter filter = new BGPFilter();
    filter.getMetadata().setName(name);
    BGPFilterSpec spec = new BGPFilterSpec();
    spec.setExportV4(List.of(rule));
    filter.setSpec(spec);
    return filter;
  }

  private static BGPFilterRule rule(String cidr, MatchOperator operator, FilterAction action) {
    BGPFilterRule rule = new BGPFilterRule();
    rule.setCidr(cidr);
    rule.setMatchOperator(operator);
    rule.setAction(action);
    return rule;
  }

  private static boolean passes(RoutePolicy policy, String prefix) {
    return policy.apply(IpPrefix.parse(prefix), ANY) != null;
  }
}
