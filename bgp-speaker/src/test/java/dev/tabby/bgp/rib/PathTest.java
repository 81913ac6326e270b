package dev.tabby.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathTest {
  private static final PathAttributes ATTRIBUTES = PathAttributes.builder().localPref(100).build();

  @Test
  void givesBackItsPrefixOfEitherFamily() {
    Path v4 = new Path(Prefix.parse("10.1.2.0/24"), ATTRIBUTES, null);
    Path v6 = new Path(Prefix.parse("2001:db8::/48"), ATTRIBUTES, null);

    assertThat(v4.prefix()).isEqualTo(Prefix.parse("10.1.2.0/24"));
    assertThat(v4.family()).isEqualTo(AddressFamily.IPV4_UNICAST);
    assertThat(v6.prefix()).isEqualTo(Prefix.parse("2001:db8::/48"));
    assertThat(v6.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(v4).hasToString("10.1.2.0/24 originated " + ATTRIBUTES);
  }

  @Test
  void equalsByPrefixAttributesAndSource() {
    Path path = new Path(Prefix.parse("10.1.2.0/24"), ATTRIBUTES, null);

    assertThat(path)
        .isEqualTo(new Path(Prefix.parse("10.1.2.0/24"), ATTRIBUTES, null))
        .hasSameHashCodeAs(new Path(Prefix.parse("10.1.2.0/24"), ATTRIBUTES, null))
        .isNotEqualTo(new Path(Prefix.parse("10.1.2.0/25"), ATTRIBUTES, null))
        .isNotEqualTo(new Path(Prefix.parse("::/0"), ATTRIBUTES, null))
        .isNotEqualTo(
            new Path(Prefix.parse("10.1.2.0/24"), PathAttributes.builder().build(), null));
  }

  @Test
  void byPrefixOrdersAsPrefixesDo() {
    Random random = new Random(3);
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Prefix prefix =
          random.nextInt(4) == 0
              ? Prefix.ipv6(random.nextLong(), random.nextLong(), random.nextInt(129))
              : Prefix.ipv4(random.nextInt(), random.nextInt(33));
      paths.add(new Path(prefix, ATTRIBUTES, null));
    }
    List<Path> byPrefixObjects = new ArrayList<>(paths);
    byPrefixObjects.sort(Comparator.comparing(Path::prefix));

    paths.sort(Path.BY_PREFIX);

    assertThat(paths).isEqualTo(byPrefixObjects);
  }
}
