package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallCheckTest {

  private static final List<IpPrefix> PODS = List.of(IpPrefix.parse("10.244.0.0/16"));

  @Test
  void aRuleNamingThePodRangeOrPartOfItTouchesIt() {
    assertThat(FirewallCheck.touches("-A FORWARD -d 10.244.0.0/16 -j DROP", PODS)).isTrue();
    assertThat(FirewallCheck.touches("-A INPUT -s 10.244.3.7/32 -j REJECT", PODS)).isTrue();
    assertThat(FirewallCheck.touches("-A FORWARD -d 10.0.0.0/8 -j DROP", PODS)).isTrue();
    assertThat(
            FirewallCheck.touches(
                "ip daddr { 10.1.0.0/16, 10.244.1.5 } counter packets 0 bytes 0 drop", PODS))
        .isTrue();
  }

  @Test
  void otherRangesAndNegatedMatchesDoNot() {
    assertThat(FirewallCheck.touches("-A FORWARD -d 192.168.0.0/16 -j DROP", PODS)).isFalse();
    assertThat(FirewallCheck.touches("-A FORWARD ! -d 10.244.0.0/16 -j DROP", PODS)).isFalse();
    assertThat(FirewallCheck.touches("ip saddr != 10.244.0.0/16 drop", PODS)).isFalse();
    assertThat(FirewallCheck.touches("ether saddr 0a:58:0a:f4:00:01 drop", PODS)).isFalse();
  }
}
