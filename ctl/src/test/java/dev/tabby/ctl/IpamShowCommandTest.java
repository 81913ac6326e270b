package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IpamShowCommandTest extends IpamScenarioTest {

  @Test
  void eachPoolShowsItsBlocksAndAddressesInUseFreeAndInAll() {
    assertThat(cluster.run("ipam", "show")).isZero();

    assertThat(cluster.out())
        .containsPattern("POOL +CIDR +VALID +BLOCKS +IN USE +FREE +TOTAL")
        .containsPattern("tiny +10\\.244\\.0\\.0/29 +yes +2 +6 +2 +8");
  }

  @Test
  void aPoolTheAllocatorIgnoresIsShownInvalidWithWhy() {
    // Of two overlapping pools the older serves; created in the same second, the name decides.
    cluster.pool("tiny-copy", "10.244.0.0/30", 30);

    assertThat(cluster.run("ipam", "show")).isZero();

    assertThat(cluster.out())
        .containsPattern("tiny-copy +10\\.244\\.0\\.0/30 +no +1 +4 +0 +4")
        .contains("IPPool tiny-copy is not used: cidr 10.244.0.0/30 overlaps IPPool tiny");
  }

  @Test
  void jsonGivesTheSameFigures() {
    assertThat(cluster.run("ipam", "show", "-o", "json", "--show-blocks")).isZero();

    assertThat(cluster.out())
        .contains("\"name\" : \"tiny\"")
        .contains("\"inUse\" : 6")
        .contains("\"total\" : 8")
        .contains("\"node\" : \"node2\"");
  }

  @Test
  void showBlocksListsEachBlockWithItsNodeAndUse() {
    assertThat(cluster.run("ipam", "show", "--show-blocks")).isZero();

    String node1Block = block("a0");
    String node2Block = block("b0");
    assertThat(cluster.out())
        .containsPattern("BLOCK +POOL +NODE +IN USE +FREE +TOTAL")
        .containsPattern(Pattern.quote(node1Block) + " +tiny +node1 +4 +0 +4")
        .containsPattern(Pattern.quote(node2Block) + " +tiny +node2 +2 +2 +4");
  }

  @Test
  void showBorrowedListsTheAddressNode1TookFromNode2sBlock() {
    assertThat(cluster.run("ipam", "show", "--show-borrowed")).isZero();

    assertThat(cluster.out())
        .containsPattern("ADDRESS +BLOCK +BLOCK NODE +USED ON NODE +POD")
        .containsPattern(
            Pattern.quote(scenario.address("a4").toString())
                + " +"
                + Pattern.quote(block("b0"))
                + " +node2 +node1 +ns/a4");
    assertThat(cluster.out().lines().filter(l -> l.contains("ns/"))).hasSize(1);
  }

  @Test
  void ipTellsWhoHoldsAnAddress() {
    String address = scenario.address("a4").toString();

    assertThat(cluster.run("ipam", "show", "--ip", address)).isZero();

    assertThat(cluster.out())
        .containsPattern("ADDRESS +POOL +BLOCK +BLOCK NODE +HANDLE +POD +NODE")
        .containsPattern(
            Pattern.quote(address)
                + " +tiny +"
                + Pattern.quote(block("b0"))
                + " +node2 +tabby\\.a4 +ns/a4 +node1");
  }

  @Test
  void ipOfAFreeOrForeignAddressSaysSoWithExitCodeOne() {
    String free = freeAddress();

    assertThat(cluster.run("ipam", "show", "--ip", free)).isEqualTo(1);
    assertThat(cluster.out())
        .isEqualTo(free + " is free: IPPool tiny, block " + block("b0") + " (node node2)\n");

    assertThat(cluster.run("ipam", "show", "--ip", "10.9.9.9", "-o", "json")).isEqualTo(1);
    assertThat(cluster.out()).contains("\"allocated\" : false").contains("\"pool\" : null");
  }

  @Test
  void aBadAddressIsAUsageError() {
    assertThat(cluster.run("ipam", "show", "--ip", "10.244.0.300")).isEqualTo(2);

    assertThat(cluster.err())
        .startsWith(
            "tabbyctl: Invalid value for option '--ip': '10.244.0.300' is not an IP address")
        .endsWith("(see: tabbyctl ipam show --help)\n");
  }

  @Test
  void ipWithShowBlocksIsAUsageError() {
    assertThat(cluster.run("ipam", "show", "--ip", "10.244.0.1", "--show-blocks")).isEqualTo(2);

    assertThat(cluster.err()).contains("--ip shows one address");
  }

  /** The block holding the pod's address: blocks are /30s. */
  private String block(String pod) {
    return IpPrefix.containing(scenario.address(pod), 30).toString();
  }

  /** The address of node2's block that nobody holds. */
  private String freeAddress() {
    IpPrefix block = IpPrefix.containing(scenario.address("b0"), 30);
    for (long i = 0; i < 4; i++) {
      IpAddress candidate = block.addressAt(i);
      if (!scenario.addresses.containsValue(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("node2's block is full");
  }
}
