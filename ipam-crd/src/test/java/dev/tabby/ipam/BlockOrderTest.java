package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ipam.pool.NodeSelector;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockOrderTest {
  private static Pool pool(String cidr, int blockSize) {
    return new Pool("p", IpPrefix.parse(cidr), blockSize, NodeSelector.parse("all()"), false, true);
  }

  private static List<IpPrefix> order(Pool pool, String node, int limit) {
    List<IpPrefix> result = new ArrayList<>();
    for (BlockOrder o = new BlockOrder(pool, node); o.hasNext() && result.size() < limit; ) {
      result.add(o.next());
    }
    return result;
  }

  @Test
  void visitsEveryBlockOfThePoolExactlyOnce() {
    Pool pool = pool("10.244.0.0/22", 26);
    List<IpPrefix> all = order(pool, "node-7", 100);
    assertThat(all).hasSize(16).doesNotHaveDuplicates().allMatch(c -> pool.cidr().contains(c));
    assertThat(order(pool("10.0.0.0/26", 26), "n", 5))
        .containsExactly(IpPrefix.parse("10.0.0.0/26"));
  }

  @Test
  void differentNodesStartInDifferentPlaces() {
    Pool pool = pool("10.244.0.0/16", 26);
    Set<IpPrefix> firstChoices = new HashSet<>();
    for (int n = 0; n < 20; n++) {
      firstChoices.add(order(pool, "node-" + n, 1).get(0));
    }
    assertThat(firstChoices).hasSizeGreaterThan(18);
    assertThat(order(pool, "node-1", 5)).isEqualTo(order(pool, "node-1", 5));
  }

  @Test
  void worksForHugeIpv6Pools() {
    List<IpPrefix> first = order(pool("fd00::/48", 122), "node-1", 3);
    assertThat(first).hasSize(3).doesNotHaveDuplicates();
    assertThat(first).allMatch(c -> c.length() == 122);
  }
}
