package dev.tabby.ipam.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolStatus;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolScreenTest {
  private final PoolScreen screen = new PoolScreen();

  private static IPPool pool(String name, String cidr, Integer blockSize, String created) {
    IPPool pool = PoolValidatorTest.pool(name, cidr, blockSize);
    pool.getMetadata().setCreationTimestamp(created);
    return pool;
  }

  @Test
  void ofTwoOverlappingPoolsTheOlderWinsWhateverTheirNamesAndOrder() {
    IPPool older = pool("z-older", "10.244.0.0/24", 26, "2026-01-01T00:00:00Z");
    IPPool newer = pool("a-newer", "10.244.0.0/24", 24, "2026-02-01T00:00:00Z");
    for (List<IPPool> pools : List.of(List.of(older, newer), List.of(newer, older))) {
      PoolScreen.Screened s = screen.screen(pools);
      assertThat(s.usable()).extracting(Pool::name).containsExactly("z-older");
      assertThat(s.ignored()).containsOnlyKeys("a-newer");
      assertThat(s.ignored().get("a-newer")).contains("overlaps IPPool z-older");
    }
  }

  @Test
  void poolsCreatedInTheSameSecondAreOrderedByName() {
    IPPool b = pool("b", "10.244.0.0/24", 26, "2026-01-01T00:00:00Z");
    IPPool a = pool("a", "10.244.0.0/16", 26, "2026-01-01T00:00:00Z");
    assertThat(screen.screen(List.of(b, a)).usable()).extracting(Pool::name).containsExactly("a");
  }

  @Test
  void malformedPoolsAreIgnoredAndTheOthersServe() {
    IPPool unmasked = pool("unmasked", "10.1.0.1/24", null, null);
    IPPool noSpec = pool("no-spec", "10.2.0.0/24", null, null);
    noSpec.setSpec(null);
    IPPool badSelector = pool("bad-selector", "10.3.0.0/24", null, null);
    badSelector.getSpec().setNodeSelector("rack == 'r1' &&");
    IPPool tinyBlocks = pool("tiny-blocks", "10.4.0.0/24", 8, null);
    IPPool good = pool("good", "10.5.0.0/24", null, null);
    PoolScreen.Screened s = screen.screen(List.of(unmasked, noSpec, badSelector, tinyBlocks, good));
    assertThat(s.usable()).extracting(Pool::name).containsExactly("good");
    assertThat(s.ignored()).containsOnlyKeys("unmasked", "no-spec", "bad-selector", "tiny-blocks");
    assertThat(s.ignored().get("unmasked")).contains("has host bits set");
    assertThat(s.ignored().get("no-spec")).isEqualTo("spec is missing");
    assertThat(s.ignored().get("bad-selector")).contains("at position 16 (the end)");
    assertThat(s.ignored().get("tiny-blocks")).contains("blockSize 8 is out of range");
    assertThat(s.ignoredLines()).contains("IPPool no-spec is ignored: spec is missing");
  }

  @Test
  void aPoolWithoutSelectorNodesOrCreationTimeIsReadWithDefaults() {
    IPPool p = pool("p", "fd00:10::/64", null, null);
    p.getSpec().setNodeSelector(null);
    assertThat(screen.screen(List.of(p)).usable())
        .singleElement()
        .satisfies(pool -> assertThat(pool.blockSize()).isEqualTo(122));
  }

  private static IPPool markedByTheController(IPPool pool, String reason, String message) {
    pool.setStatus(new IPPoolStatus());
    pool.getStatus().setCidr(pool.getSpec().getCidr());
    pool.getStatus()
        .getConditions()
        .add(
            new ConditionBuilder()
                .withType(ServedPool.VALID)
                .withStatus("False")
                .withReason(reason)
                .withMessage(message)
                .build());
    return pool;
  }

  @Test
  void aPoolTheControllerMarkedInvalidGivesNoAddress() {
    IPPool overlapsNodes =
        markedByTheController(
            pool("nodes", "192.168.0.0/16", null, null),
            PoolProblem.OVERLAPS_NODE_NETWORK,
            "cidr 192.168.0.0/16 overlaps the InternalIP 192.168.1.10 of node n1");
    IPPool good = pool("good", "10.5.0.0/24", null, null);
    PoolScreen.Screened s = screen.screen(List.of(overlapsNodes, good));
    assertThat(s.usable()).extracting(Pool::name).containsExactly("good");
    assertThat(s.ignored())
        .containsEntry(
            "nodes",
            "tabby-controller marked it invalid: cidr 192.168.0.0/16 overlaps the InternalIP"
                + " 192.168.1.10 of node n1");
  }

  @Test
  void aPoolWhoseChangeOfCidrWasRefusedKeepsServingTheOldCidr() {
    IPPool changed =
        markedByTheController(
            pool("main", "10.244.0.0/16", null, null),
            PoolProblem.CIDR_CHANGE_REFUSED,
            "cidr changed ...");
    changed.getSpec().setCidr("10.245.0.0/16");
    assertThat(screen.screen(List.of(changed)).usable())
        .singleElement()
        .satisfies(pool -> assertThat(pool.cidr()).isEqualTo(IpPrefix.parse("10.244.0.0/16")));
  }

  @Test
  void aPoolTheControllerFoundValidIsJudgedAsUsual() {
    IPPool valid = pool("main", "10.244.0.0/16", null, null);
    valid.setStatus(new IPPoolStatus());
    valid
        .getStatus()
        .getConditions()
        .add(new ConditionBuilder().withType(ServedPool.VALID).withStatus("True").build());
    assertThat(screen.screen(List.of(valid)).usable())
        .extracting(Pool::name)
        .containsExactly("main");
  }
}
