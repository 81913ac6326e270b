package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void badRoutesAreRefusedWithTheReasonInTheMessage() {
    assertThatThrownBy(() -> Route.unicast(IpPrefix.parse("10.0.0.0/8"), List.of()))
        .hasMessageContaining("no next hop");
    assertThatThrownBy(
            () -> Route.via(IpPrefix.parse("2001:db8::/32"), IpAddress.parse("10.0.0.1")))
        .hasMessageContaining("mixes address families");
  }

  @Test
  void ipv6MetricZeroIsTheKernelDefault() {
    assertThat(Route.blackhole(IpPrefix.parse("2001:db8::/48")).metric()).isEqualTo(1024);
    assertThat(Route.blackhole(IpPrefix.parse("10.0.0.0/8")).metric()).isZero();
  }

  @Test
  void aNextHopLeftToTheKernelMatchesTheInterfaceItChose() {
    IpAddress gw = IpAddress.parse("192.0.2.1");
    Route wanted = Route.via(IpPrefix.parse("10.0.0.0/8"), gw).withProtocol(81);
    Route installed =
        Route.unicast(IpPrefix.parse("10.0.0.0/8"), List.of(NextHop.via(gw, 3))).withProtocol(81);

    assertThat(wanted.isSatisfiedBy(installed)).isTrue();
    assertThat(wanted.isSatisfiedBy(installed.withProtocol(12))).isFalse();
    assertThat(wanted.isSatisfiedBy(installed.withMtu(1400))).isFalse();
  }

  @Test
  void multipathMatchingIgnoresOrderButNotWeights() {
    NextHop a = NextHop.via(IpAddress.parse("192.0.2.1"));
    NextHop b = NextHop.via(IpAddress.parse("192.0.2.2"));
    IpPrefix dst = IpPrefix.parse("10.0.0.0/8");

    assertThat(Route.unicast(dst, List.of(a, b)).isSatisfiedBy(Route.unicast(dst, List.of(b, a))))
        .isTrue();
    assertThat(
            Route.unicast(dst, List.of(a, b))
                .isSatisfiedBy(Route.unicast(dst, List.of(a, b.withWeight(2)))))
        .isFalse();
  }
}
