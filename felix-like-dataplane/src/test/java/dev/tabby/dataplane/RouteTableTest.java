package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final IpAddress GW = IpAddress.parse("192.0.2.1");
  private static final IpAddress GW6 = IpAddress.parse("2001:db8::1");

  private final RouteTable table = new RouteTable();

  @Test
  void aRouteComesBackAsPut() {
    Route route =
        Route.unicast(
                IpPrefix.parse("10.1.0.0/24"),
                List.of(NextHop.via(GW), NextHop.via(IpAddress.parse("192.0.2.2"), 3)))
            .withProtocol(81)
            .withMtu(1400)
            .withSource(IpAddress.parse("192.0.2.9"));

    assertThat(table.put(route)).isNull();

    assertThat(table.get(route.key())).isEqualTo(route);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void putReplacesTheRouteWithTheSameKeyAndReturnsIt() {
    Route viaOne = Route.via(IpPrefix.parse("10.1.0.0/24"), GW);
    Route blackhole = Route.blackhole(IpPrefix.parse("10.1.0.0/24"));
    table.put(viaOne);

    assertThat(table.put(blackhole)).isEqualTo(viaOne);

    assertThat(table.get(viaOne.key())).isEqualTo(blackhole);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void tableMetricAndFamilyAreEachPartOfTheKey() {
    Route main = Route.via(IpPrefix.parse("0.0.0.0/0"), GW);
    Route other = main.inTable(100);
    Route higher = main.withMetric(10);
    Route v6 = Route.via(IpPrefix.parse("::/0"), GW6);
    List.of(main, other, higher, v6).forEach(table::put);

    assertThat(table.size()).isEqualTo(4);
    for (Route route : List.of(main, other, higher, v6)) {
      assertThat(table.get(route.key())).isEqualTo(route);
    }
    assertThat(table.get(RouteKey.inMainTable(IpPrefix.parse("0.0.0.0/1")))).isNull();
  }

  @Test
  void removeReturnsTheRouteAndLeavesTheOthersFindable() {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      routes.add(Route.via(IpPrefix.ipv4(0x0A00_0000 | i << 4, 28), GW));
    }
    routes.forEach(table::put);

    for (int i = 0; i < 1000; i += 2) {
      assertThat(table.remove(routes.get(i).key())).isEqualTo(routes.get(i));
    }

    assertThat(table.size()).isEqualTo(500);
    for (int i = 0; i < 1000; i++) {
      assertThat(table.get(routes.get(i).key())).isEqualTo(i % 2 == 0 ? null : routes.get(i));
    }
    assertThat(table.remove(routes.get(0).key())).isNull();
  }

  @Test
  void behavesAsAMapUnderRandomChanges() {
    Random random = new Random(17);
    Map<RouteKey, Route> expected = new HashMap<>();
    List<IpAddress> gateways =
        List.of(GW, IpAddress.parse("192.0.2.2"), IpAddress.parse("192.0.2.3"));
    for (int step = 0; step < 50_000; step++) {
      IpPrefix destination = IpPrefix.ipv4(0x0A00_0000 | random.nextInt(4096) << 8, 24);
      Route route =
          Route.via(destination, gateways.get(random.nextInt(gateways.size())))
              .inTable(random.nextBoolean() ? Route.TABLE_MAIN : 100);
      if (random.nextInt(3) == 0) {
        assertThat(table.remove(route.key())).isEqualTo(expected.remove(route.key()));
      } else {
        assertThat(table.put(route)).isEqualTo(expected.put(route.key(), route));
      }
    }

    assertThat(table.toMap()).isEqualTo(expected);
    assertThat(table.size()).isEqualTo(expected.size());
    List<Route> seen = new ArrayList<>();
    table.forEach(seen::add);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.values());
  }
}
