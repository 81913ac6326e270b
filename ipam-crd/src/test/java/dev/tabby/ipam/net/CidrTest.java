package dev.tabby.ipam.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void ipv4ArithmeticAndNames() {
    Cidr pool = Cidr.parse("10.244.0.0/16");
    assertThat(pool.subnetCount(26)).isEqualTo(BigInteger.valueOf(1024));
    Cidr block = pool.subnet(26, BigInteger.ONE);
    assertThat(block).hasToString("10.244.0.64/26");
    assertThat(block.toName()).isEqualTo("10-244-0-64-26");
    assertThat(block.addressAt(63)).hasToString("10.244.0.127");
    assertThat(block.ordinalOf(IpAddress.parse("10.244.0.70"))).isEqualTo(6);
    assertThat(pool.contains(block)).isTrue();
    assertThat(block.overlaps(pool)).isTrue();
    assertThat(block.overlaps(pool.subnet(26, BigInteger.TWO))).isFalse();
    assertThat(Cidr.of(IpAddress.parse("10.244.3.200"), 26)).hasToString("10.244.3.192/26");
    assertThat(pool.last()).hasToString("10.244.255.255");
  }

  @Test
  void ipv6ArithmeticAndNames() {
    Cidr pool = Cidr.parse("fd00:10:244::/64");
    assertThat(pool.subnetCount(122)).isEqualTo(BigInteger.ONE.shiftLeft(58));
    Cidr block = pool.subnet(122, BigInteger.valueOf(3));
    assertThat(block).hasToString("fd00:10:244::c0/122");
    assertThat(block.toName()).isEqualTo("fd00-10-244-0-0-0-0-c0-122");
    assertThat(block.addressAt(1)).hasToString("fd00:10:244::c1");
    assertThat(Cidr.parse("::/0").contains(IpAddress.parse("2001:db8::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(IpAddress.parse("10.0.0.1"))).isFalse();
  }

  @Test
  void ipv6TextFollowsRfc5952() {
    assertThat(IpAddress.parse("2001:DB8:0:0:1:0:0:1")).hasToString("2001:db8::1:0:0:1");
    assertThat(IpAddress.parse("2001:db8:0:1:1:1:1:1")).hasToString("2001:db8:0:1:1:1:1:1");
    assertThat(IpAddress.parse("::")).hasToString("::");
    assertThat(IpAddress.parse("::1")).hasToString("::1");
    assertThat(IpAddress.parse("fe80::")).hasToString("fe80::");
  }

  @Test
  void refusesUnmaskedAndMalformedText() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/24"))
        .hasMessage("CIDR 10.0.0.1/24 is not masked: did you mean 10.0.0.0/24?");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("not a CIDR");
    assertThatThrownBy(() -> IpAddress.parse("10.0.0.256")).hasMessageContaining("not an IPv4");
    assertThatThrownBy(() -> IpAddress.parse("example.com")).hasMessageContaining("not an IPv4");
    assertThatThrownBy(() -> IpAddress.parse("1:2:3")).hasMessageContaining("not an IPv4");
  }
}
