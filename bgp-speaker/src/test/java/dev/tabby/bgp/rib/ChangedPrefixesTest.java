package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import org.junit.jupiter.api.Test;

class ChangedPrefixesTest {
  private final ChangedPrefixes changed = new ChangedPrefixes();

  @Test
  void keepsArrivalOrderAndTheCandidatesBeforeTheFirstChangeOnly() {
    IpPrefix v4 = IpPrefix.parse("10.0.0.0/28");
    IpPrefix v6 = IpPrefix.parse("2001:db8::/64");
    IpPrefix other = IpPrefix.parse("10.0.0.16/28");
    Path first = path(attributes("10.0.0.1", 65001).build(), null);

    changed.add(v4, first);
    changed.add(v6, null);
    changed.add(v4, path(attributes("10.0.0.2", 65001).build(), null));
    changed.add(other, null);

    assertThat(changed.size()).isEqualTo(3);
    assertThat(changed.prefix(0)).isEqualTo(v4);
    assertThat(changed.before(0)).isSameAs(first);
    assertThat(changed.prefix(1)).isEqualTo(v6);
    assertThat(changed.before(1)).isNull();
    assertThat(changed.prefix(2)).isEqualTo(other);
  }

  @Test
  void clearForgetsEveryPrefixSoTheyCountAsNewAgain() {
    IpPrefix prefix = IpPrefix.parse("10.0.0.0/28");
    changed.add(prefix, null);
    changed.clear();
    assertThat(changed.isEmpty()).isTrue();

    Path again = path(attributes("10.0.0.1", 65001).build(), null);
    changed.add(prefix, again);
    assertThat(changed.size()).isEqualTo(1);
    assertThat(changed.before(0)).isSameAs(again);
  }
}
