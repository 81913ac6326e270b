package dev.tabby.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final PathAttributes ATTRIBUTES = PathAttributes.builder().localPref(100).build();

  @Test
  void givesBackItsPrefixOfEitherFamily() {
    Route v4 = new Route(IpPrefix.parse("10.1.2.0/24"), ATTRIBUTES, null);
    Route v6 = new Route(IpPrefix.parse("2001:db8::/48"), ATTRIBUTES, null);

    assertThat(v4.prefix()).isEqualTo(IpPrefix.parse("10.1.2.0/24"));
    assertThat(v4.family()).isEqualTo(AddressFamily.IPV4_UNICAST);
    assertThat(v6.prefix()).isEqualTo(IpPrefix.parse("2001:db8::/48"));
    assertThat(v6.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(v4).hasToString("10.1.2.0/24 originated " + ATTRIBUTES);
  }

  @Test
  void equalsByPrefixAttributesAndSource() {
    Route path = new Route(IpPrefix.parse("10.1.2.0/24"), ATTRIBUTES, null);

    assertThat(path)
        .isEqualTo(new Route(IpPrefix.parse("10.1.2.0/24"), ATTRIBUTES, null))
        .hasSameHashCodeAs(new Route(IpPrefix.parse("10.1.2.0/24"), ATTRIBUTES, null))
        .isNotEqualTo(new Route(IpPrefix.parse("10.1.2.0/25"), ATTRIBUTES, null))
        .isNotEqualTo(new Route(IpPrefix.parse("::/0"), ATTRIBUTES, null))
        .isNotEqualTo(
            new Route(IpPrefix.parse("10.1.2.0/24"), PathAttributes.builder().build(), null));
  }

  @Test
  void byPrefixOrdersAsPrefixesDo() {
    Random random = new Random(3);
    List<Route> paths = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      IpPrefix prefix =
          random.nextInt(4) == 0
              ? IpPrefix.ipv6(random.nextLong(), random.nextLong(), random.nextInt(129))
              : IpPrefix.ipv4(random.nextInt(), random.nextInt(33));
      paths.add(new Route(prefix, ATTRIBUTES, null));
    }
    List<Route> byPrefixObjects = new ArrayList<>(paths);
    byPrefixObjects.sort(Comparator.comparing(Route::prefix));

    paths.sort(Route.BY_PREFIX);

    assertThat(paths).isEqualTo(byPrefixObjects);
  }
}
