package dev.tabby.bgp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutePolicyTest {
  private static final int TAG = Communities.parse("65000:1");
  private static final int OTHER = Communities.parse("65000:2");
  private static final int ADDED = Communities.parse("65000:100");
  private static final PathAttributes PLAIN = PathAttributes.builder().build();
  private static final PathAttributes TAGGED = PathAttributes.builder().communities(TAG).build();

  @Test
  void withinMatchesTheCidrAndEverythingInsideIt() {
    PolicyRule rule = PolicyRule.builder().within(IpPrefix.parse("10.0.0.0/8")).accept();

    assertThat(rule.matches(IpPrefix.parse("10.0.0.0/8"), PLAIN)).isTrue();
    assertThat(rule.matches(IpPrefix.parse("10.200.3.0/24"), PLAIN)).isTrue();
    assertThat(rule.matches(IpPrefix.parse("11.0.0.0/24"), PLAIN)).isFalse();
    assertThat(rule.matches(IpPrefix.parse("0.0.0.0/0"), PLAIN)).as("less specific").isFalse();
    assertThat(rule.matches(IpPrefix.parse("2001:db8::/32"), PLAIN)).as("other family").isFalse();
  }

  @Test
  void lengthRangeIsInclusive() {
    PolicyRule rule =
        PolicyRule.builder()
            .within(IpPrefix.parse("10.0.0.0/8"))
            .minLength(16)
            .maxLength(24)
            .accept();

    assertThat(rule.matches(IpPrefix.parse("10.2.0.0/15"), PLAIN)).isFalse();
    assertThat(rule.matches(IpPrefix.parse("10.1.0.0/16"), PLAIN)).isTrue();
    assertThat(rule.matches(IpPrefix.parse("10.1.2.0/24"), PLAIN)).isTrue();
    assertThat(rule.matches(IpPrefix.parse("10.1.2.0/25"), PLAIN)).isFalse();
  }

  @Test
  void aNegatedPrefixMatchesTheRestOfItsFamilyOnly() {
    PolicyRule notIn =
        PolicyRule.builder().within(IpPrefix.parse("10.0.0.0/8")).negatePrefix().reject();
    PolicyRule notEqual =
        PolicyRule.builder()
            .within(IpPrefix.parse("10.1.0.0/16"))
            .minLength(16)
            .maxLength(16)
            .negatePrefix()
            .accept();

    assertThat(notIn.matches(IpPrefix.parse("11.0.0.0/24"), PLAIN)).isTrue();
    assertThat(notIn.matches(IpPrefix.parse("10.3.0.0/24"), PLAIN)).isFalse();
    assertThat(notIn.matches(IpPrefix.parse("2001:db8::/32"), PLAIN)).as("other family").isFalse();
    assertThat(notEqual.matches(IpPrefix.parse("10.1.0.0/16"), PLAIN)).isFalse();
    assertThat(notEqual.matches(IpPrefix.parse("10.1.0.0/24"), PLAIN)).isTrue();
    assertThat(notIn).hasToString("not 10.0.0.0/8 -> reject");
    assertThatThrownBy(() -> PolicyRule.builder().negatePrefix().accept())
        .hasMessageContaining("needs a CIDR");
  }

  @Test
  void communityConditionNeedsAnyOfTheListed() {
    PolicyRule rule = PolicyRule.builder().anyCommunity(OTHER, TAG).reject();

    assertThat(rule.matches(IpPrefix.parse("10.0.0.0/24"), TAGGED)).isTrue();
    assertThat(rule.matches(IpPrefix.parse("10.0.0.0/24"), PLAIN)).isFalse();
  }

  @Test
  void firstMatchingRuleDecidesAndTheDefaultCatchesTheRest() {
    RoutePolicy policy =
        new RoutePolicy(
            List.of(
                PolicyRule.builder().anyCommunity(TAG).reject(),
                PolicyRule.builder().within(IpPrefix.parse("10.0.0.0/8")).accept()),
            PolicyAction.REJECT);

    assertThat(policy.apply(IpPrefix.parse("10.1.0.0/24"), TAGGED)).isNull();
    assertThat(policy.apply(IpPrefix.parse("10.1.0.0/24"), PLAIN)).isSameAs(PLAIN);
    assertThat(policy.apply(IpPrefix.parse("192.168.0.0/24"), PLAIN)).isNull();
  }

  @Test
  void acceptCanAddCommunitiesWithoutRepeatingPresentOnes() {
    RoutePolicy policy =
        new RoutePolicy(
            List.of(PolicyRule.builder().addCommunities(TAG, ADDED).accept()), PolicyAction.REJECT);

    PathAttributes out = policy.apply(IpPrefix.parse("10.1.0.0/24"), TAGGED);

    assertThat(out.communities().asList()).containsExactly(TAG, ADDED);
  }

  @Test
  void acceptAllChangesNothing() {
    assertThat(RoutePolicy.ACCEPT_ALL.apply(IpPrefix.parse("10.1.0.0/24"), TAGGED))
        .isSameAs(TAGGED);
    assertThat(RoutePolicy.REJECT_ALL.apply(IpPrefix.parse("10.1.0.0/24"), TAGGED)).isNull();
  }

  @Test
  void equalPoliciesAreEqual() {
    RoutePolicy a =
        new RoutePolicy(
            List.of(PolicyRule.builder().anyCommunity(TAG).reject()), PolicyAction.ACCEPT);
    RoutePolicy b =
        new RoutePolicy(
            List.of(PolicyRule.builder().anyCommunity(TAG).reject()), PolicyAction.ACCEPT);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  @Test
  void toStringReadsLikeAPrefixList() {
    RoutePolicy policy =
        new RoutePolicy(
            List.of(
                PolicyRule.builder()
                    .within(IpPrefix.parse("10.0.0.0/8"))
                    .minLength(16)
                    .maxLength(24)
                    .anyCommunity(TAG)
                    .addCommunities(ADDED)
                    .accept()),
            PolicyAction.REJECT);

    assertThat(policy)
        .hasToString(
            "RoutePolicy[10.0.0.0/8 ge 16 le 24 community 65000:1 -> accept, add community"
                + " 65000:100; default reject]");
    assertThat(RoutePolicy.ACCEPT_ALL).hasToString("RoutePolicy[default accept]");
  }

  @Test
  void invalidRulesAreRefusedWithAClearMessage() {
    assertThatThrownBy(
            () -> PolicyRule.builder().within(IpPrefix.parse("10.0.0.0/8")).maxLength(33).accept())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..33 is not within 0..32");
    assertThatThrownBy(() -> PolicyRule.builder().minLength(24).maxLength(16).accept())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyRule.builder().addCommunities(ADDED).reject())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot add communities");
  }
}
