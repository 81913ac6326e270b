package dev.tabby.ipam.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolStatus;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolValidatorTest {
  private final PoolValidator validator =
      new PoolValidator(
          List.of(
              NodeRange.network(IpPrefix.parse("192.168.1.0/24")),
              NodeRange.network(IpPrefix.parse("2001:db8:1::/64")),
              NodeRange.address("n1", "InternalIP", IpAddress.parse("172.16.5.9"))),
          List.of(IpPrefix.parse("10.96.0.0/12")));

  static IPPool pool(String name, String cidr, Integer blockSize) {
    return IPPool.of(name, cidr, blockSize);
  }

  private List<String> problems(String cidr, Integer blockSize, IPPool... existing) {
    return validator.problems(pool("p", cidr, blockSize), List.of(existing));
  }

  @Test
  void acceptsSoundPools() {
    assertThat(problems("10.244.0.0/16", null)).isEmpty();
    assertThat(problems("fd00:10:244::/64", null)).isEmpty();
    assertThat(problems("10.244.0.0/26", 26)).isEmpty();
  }

  @Test
  void refusesEachKindOfBadPoolWithAClearMessage() {
    assertThat(problems("10.244.0.1/16", null))
        .containsExactly("prefix 10.244.0.1/16 has host bits set: did you mean 10.244.0.0/16?");
    assertThat(problems("10.0.0.0/8", null))
        .containsExactly("cidr 10.0.0.0/8 overlaps the service CIDR 10.96.0.0/12");
    assertThat(problems("192.168.0.0/16", null))
        .containsExactly("cidr 192.168.0.0/16 overlaps the node network 192.168.1.0/24");
    assertThat(problems("169.254.0.0/20", null))
        .containsExactly("cidr 169.254.0.0/20 overlaps the link-local range 169.254.0.0/16");
    assertThat(problems("fe80::/64", null))
        .containsExactly("cidr fe80::/64 overlaps the link-local range fe80::/10");
    assertThat(problems("10.244.0.0/16", 33))
        .containsExactly("blockSize 33 is out of range for IPv4 (allowed 20 to 32)");
    assertThat(problems("fd00::/120", 122)).isEmpty();
    assertThat(problems("fd00::/64", 64))
        .containsExactly("blockSize 64 is out of range for IPv6 (allowed 116 to 128)");
    assertThat(problems("10.244.0.0/28", 26))
        .containsExactly(
            "blockSize /26 is larger than the pool 10.244.0.0/28 it would be cut from");
    assertThat(problems("10.244.128.0/17", null, pool("main", "10.244.0.0/16", null)))
        .containsExactly("cidr 10.244.128.0/17 overlaps IPPool main (10.244.0.0/16)");
  }

  private List<PoolProblem> check(IPPool pool, List<IpPrefix> blocks, IPPool... existing) {
    return validator.check(pool, List.of(existing), blocks);
  }

  @Test
  void eachProblemCarriesTheReasonOfItsRule() {
    assertThat(check(pool("p", "10.244.0.1/16", null), List.of()))
        .extracting(PoolProblem::reason)
        .containsExactly(PoolProblem.INVALID_CIDR);
    assertThat(check(pool("p", "10.96.0.0/16", null), List.of()))
        .extracting(PoolProblem::reason)
        .containsExactly(PoolProblem.OVERLAPS_SERVICE_RANGE);
    assertThat(check(pool("p", "192.168.1.128/25", 26), List.of()))
        .extracting(PoolProblem::reason)
        .containsExactly(PoolProblem.OVERLAPS_NODE_NETWORK);
    assertThat(check(pool("p", "10.244.0.0/16", 16), List.of()))
        .extracting(PoolProblem::reason)
        .containsExactly(PoolProblem.INVALID_BLOCK_SIZE);
    assertThat(check(pool("p", "10.244.0.0/24", 22), List.of()))
        .extracting(PoolProblem::reason)
        .containsExactly(PoolProblem.INVALID_BLOCK_SIZE);
    assertThat(check(pool("p", "10.244.0.0/24", null), List.of(), pool("old", "10.0.0.0/8", 26)))
        .extracting(PoolProblem::reason)
        .containsExactly(PoolProblem.OVERLAPS_POOL);
    IPPool badSelector = pool("p", "10.244.0.0/24", null);
    badSelector.getSpec().setNodeSelector("has(");
    assertThat(check(badSelector, List.of()))
        .extracting(PoolProblem::reason)
        .containsExactly(PoolProblem.INVALID_NODE_SELECTOR);
  }

  @Test
  void aPoolCoveringANodesAddressNamesTheNode() {
    assertThat(problems("172.16.0.0/16", null))
        .containsExactly("cidr 172.16.0.0/16 overlaps the InternalIP 172.16.5.9 of node n1");
    assertThat(problems("172.16.4.0/24", null)).isEmpty();
  }

  private static IPPool served(String name, String cidr, String servedCidr) {
    IPPool pool = pool(name, cidr, 26);
    pool.setStatus(new IPPoolStatus());
    pool.getStatus().setCidr(servedCidr);
    return pool;
  }

  @Test
  void aChangeOfCidrIsRefusedWhileBlocksOfTheServedCidrAreInUse() {
    IPPool changed = served("main", "10.245.0.0/16", "10.244.0.0/16");
    List<IpPrefix> blocks =
        List.of(IpPrefix.parse("10.244.0.64/26"), IpPrefix.parse("10.244.0.0/26"));
    assertThat(check(changed, blocks))
        .containsExactly(
            new PoolProblem(
                PoolProblem.CIDR_CHANGE_REFUSED,
                "cidr changed from 10.244.0.0/16 to 10.245.0.0/16 while 2 blocks of"
                    + " 10.244.0.0/16 are in use (first 10.244.0.0/26): the pool keeps serving"
                    + " 10.244.0.0/16; set cidr back, or create a new pool and delete this one"));
    assertThat(check(changed, List.of(IpPrefix.parse("10.1.0.0/26"))))
        .as("no block of the old cidr: the change is accepted")
        .isEmpty();
    assertThat(check(served("main", "10.244.0.0/16", "10.244.0.0/16"), blocks)).isEmpty();
  }

  @Test
  void validateThrowsWithEveryProblem() {
    assertThatThrownBy(() -> validator.validate(pool("bad", "10.0.0.0/8", 40), List.of()))
        .isInstanceOf(InvalidPoolException.class)
        .hasMessage(
            "IPPool bad is invalid: blockSize 40 is out of range for IPv4 (allowed 20 to 32);"
                + " cidr 10.0.0.0/8 overlaps the service CIDR 10.96.0.0/12");
  }
}
