package dev.tabby.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixMapTest {

  @Test
  void aDumpVisitsEachFamilyInPrefixOrderWhateverTheInsertionOrder() {
    List<IpPrefix> ipv4 = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      ipv4.add(IpPrefix.parse("10." + (i >> 8) + "." + (i & 0xff) + ".0/" + (24 + i % 5)));
    }
    ipv4.add(IpPrefix.parse("0.0.0.0/0"));
    ipv4.add(IpPrefix.parse("255.255.255.255/32"));
    List<IpPrefix> ipv6 =
        List.of(
            IpPrefix.parse("2001:db8:2::/48"),
            IpPrefix.parse("2001:db8::/32"),
            IpPrefix.parse("2001:db8:1::/48"));
    PrefixMap<String> map = new PrefixMap<>();
    List<IpPrefix> shuffled = new ArrayList<>(ipv4);
    shuffled.addAll(ipv6);
    Collections.shuffle(shuffled, new Random(7));
    shuffled.forEach(prefix -> map.put(prefix, prefix.toString()));

    assertThat(visited(map, AddressFamily.IPV4_UNICAST)).isSortedAccordingTo(IpPrefix::compareTo);
    assertThat(visited(map, AddressFamily.IPV4_UNICAST)).hasSameSizeAs(ipv4);
    assertThat(visited(map, AddressFamily.IPV6_UNICAST))
        .containsExactly(
            IpPrefix.parse("2001:db8::/32"),
            IpPrefix.parse("2001:db8:1::/48"),
            IpPrefix.parse("2001:db8:2::/48"));
  }

  @Test
  void aDumpHandsEachPrefixItsOwnValue() {
    PrefixMap<String> map = new PrefixMap<>();
    map.put(IpPrefix.parse("10.0.1.0/24"), "b");
    map.put(IpPrefix.parse("10.0.0.0/24"), "a");
    List<String> values = new ArrayList<>();
    map.forEachInPrefixOrder(
        AddressFamily.IPV4_UNICAST, (prefix, value) -> values.add(prefix + "=" + value));
    assertThat(values).containsExactly("10.0.0.0/24=a", "10.0.1.0/24=b");
  }

  @Test
  void prefixesWhereCollectsTheMatchingPrefixesOfBothFamiliesSoThatTheyCanBeRemoved() {
    PrefixMap<String> map = new PrefixMap<>();
    for (int i = 0; i < 3_000; i++) {
      map.put(IpPrefix.ipv4(0x0A00_0000 | i << 8, 24), i % 3 == 0 ? "drop" : "keep");
    }
    map.put(IpPrefix.parse("2001:db8:1::/48"), "drop");
    map.put(IpPrefix.parse("2001:db8:2::/48"), "keep");

    List<IpPrefix> dropped = map.prefixesWhere("drop"::equals);
    dropped.forEach(map::remove);

    assertThat(dropped).hasSize(1_001).contains(IpPrefix.parse("2001:db8:1::/48"));
    assertThat(dropped).doesNotHaveDuplicates();
    assertThat(map.size()).isEqualTo(2_001);
    assertThat(map.prefixesWhere("drop"::equals)).isEmpty();
    assertThat(map.get(IpPrefix.parse("2001:db8:2::/48"))).isEqualTo("keep");
  }

  private static List<IpPrefix> visited(PrefixMap<String> map, AddressFamily family) {
    List<IpPrefix> visited = new ArrayList<>();
    map.forEachInPrefixOrder(family, (prefix, value) -> visited.add(prefix));
    return visited;
  }
}
