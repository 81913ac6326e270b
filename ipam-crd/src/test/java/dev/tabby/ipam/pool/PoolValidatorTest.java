package dev.tabby.ipam.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolValidatorTest {
  private final PoolValidator validator =
      new PoolValidator(
          List.of(Cidr.parse("192.168.1.0/24"), Cidr.parse("2001:db8:1::/64")),
          List.of(Cidr.parse("10.96.0.0/12")));

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
        .containsExactly("CIDR 10.244.0.1/16 is not masked: did you mean 10.244.0.0/16?");
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

  @Test
  void validateThrowsWithEveryProblem() {
    assertThatThrownBy(() -> validator.validate(pool("bad", "10.0.0.0/8", 40), List.of()))
        .isInstanceOf(InvalidPoolException.class)
        .hasMessage(
            "IPPool bad is invalid: blockSize 40 is out of range for IPv4 (allowed 20 to 32);"
                + " cidr 10.0.0.0/8 overlaps the service CIDR 10.96.0.0/12");
  }
}
