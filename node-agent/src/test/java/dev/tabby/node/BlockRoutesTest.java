package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.dataplane.Route;
import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockRoutesTest {

  @Test
  void everyOwnBlockIsAnnouncedAndBlackholed() {
    BlockPlan plan =
        BlockRoutes.plan(
            List.of(IpPrefix.parse("10.244.0.64/26"), IpPrefix.parse("fd00:244::/122")),
            List.of(),
            List.of(pool("10.244.0.0/16", false, false), pool("fd00:244::/64", false, false)));

    assertThat(plan.originated())
        .containsExactlyInAnyOrder(
            IpPrefix.parse("10.244.0.64/26"), IpPrefix.parse("fd00:244::/122"));
    assertThat(plan.blackholes())
        .containsExactlyInAnyOrder(
            Route.blackhole(IpPrefix.parse("10.244.0.64/26")),
            Route.blackhole(IpPrefix.parse("fd00:244::/122")));
  }

  @Test
  void aPoolWithBgpExportDisabledIsBlackholedButNotAnnounced() {
    BlockPlan plan =
        BlockRoutes.plan(
            List.of(IpPrefix.parse("10.244.0.64/26"), IpPrefix.parse("10.99.0.0/26")),
            List.of(),
            List.of(pool("10.244.0.0/16", false, false), pool("10.99.0.0/16", false, true)));

    assertThat(plan.originated()).containsExactly(IpPrefix.parse("10.244.0.64/26"));
    assertThat(plan.blackholes()).hasSize(2);
  }

  @Test
  void aDisabledPoolKeepsAnnouncingTheBlocksItsPodsUse() {
    BlockPlan plan =
        BlockRoutes.plan(
            List.of(IpPrefix.parse("10.244.0.64/26")),
            List.of(),
            List.of(pool("10.244.0.0/16", true, false)));

    assertThat(plan.originated()).containsExactly(IpPrefix.parse("10.244.0.64/26"));
  }

  @Test
  void borrowedAddressesAreAnnouncedAsHostRoutesWithoutBlackholes() {
    BlockPlan plan =
        BlockRoutes.plan(
            List.of(IpPrefix.parse("10.244.0.64/26")),
            List.of(IpPrefix.parse("10.244.0.130/32"), IpPrefix.parse("10.99.0.7/32")),
            List.of(pool("10.244.0.0/16", false, false), pool("10.99.0.0/16", false, true)));

    assertThat(plan.originated())
        .containsExactlyInAnyOrder(
            IpPrefix.parse("10.244.0.64/26"), IpPrefix.parse("10.244.0.130/32"));
    assertThat(plan.blackholes())
        .containsExactly(Route.blackhole(IpPrefix.parse("10.244.0.64/26")));
  }

  @Test
  void noBlocksNoRoutes() {
    BlockPlan plan =
        BlockRoutes.plan(List.of(), List.of(), List.of(pool("10.244.0.0/16", false, false)));

    assertThat(plan.originated()).isEmpty();
    assertThat(plan.blackholes()).isEmpty();
  }

  private static IPPool pool(String cidr, boolean disabled, boolean disableBgpExport) {
    IPPool pool = new IPPool();
    pool.getMetadata().setName(cidr.replace('/', '-').replace(':', '-').replace('.', '-'));
    IPPoolSpec spec = new IPPoolSpec();
    spec.setCidr(cidr);
    spec.setDisabled(disabled);
    spec.setDisableBGPExport(disableBgpExport);
    pool.setSpec(spec);
    return pool;
  }
}
