package dev.tabby.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IpPrefixTest {
  @Test
  void parsesAndPrintsBothFamilies() {
    IpPrefix v4 = IpPrefix.parse(" 10.244.0.64/26 ");
    assertThat(v4).hasToString("10.244.0.64/26");
    assertThat(v4.family()).isEqualTo(IpFamily.V4);
    assertThat(v4.length()).isEqualTo(26);
    assertThat(IpPrefix.parse("2001:DB8::/32")).hasToString("2001:db8::/32");
    assertThat(IpPrefix.parse("0.0.0.0/0").size()).isEqualTo(BigInteger.ONE.shiftLeft(32));
  }

  @Test
  void hostBitsAreRefusedUnlessMaskingIsAskedFor() {
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.1/24"))
        .hasMessageContaining("10.0.0.1/24 has host bits set: did you mean 10.0.0.0/24?");
    assertThatThrownBy(() -> IpPrefix.of(IpAddress.parse("2001:db8::1"), 64))
        .hasMessageContaining("did you mean 2001:db8::/64?");
    assertThat(IpPrefix.parseAndMask("10.0.0.1/24")).hasToString("10.0.0.0/24");
    assertThat(IpPrefix.containing(IpAddress.parse("2001:db8::1"), 64))
        .hasToString("2001:db8::/64");
    assertThat(IpPrefix.host(IpAddress.parse("10.0.0.1"))).hasToString("10.0.0.1/32");
  }

  @Test
  void badTextIsNamedInTheError() {
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0"))
        .hasMessageContaining("'10.0.0.0' is not a prefix (address/length)");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/x"))
        .hasMessageContaining("no valid prefix length");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/33"))
        .hasMessageContaining("prefix length 33 is out of range 0..32 for IPv4");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0/8"))
        .hasMessageContaining("not an IPv4 or IPv6");
  }

  @Test
  void containsAndOverlapsStayWithinAFamily() {
    IpPrefix pool = IpPrefix.parse("10.244.0.0/16");
    assertThat(pool.contains(IpPrefix.parse("10.244.3.0/26"))).isTrue();
    assertThat(pool.contains(IpAddress.parse("10.244.255.255"))).isTrue();
    assertThat(pool.contains(IpAddress.parse("10.245.0.0"))).isFalse();
    assertThat(IpPrefix.parse("10.244.3.0/26").contains(pool)).isFalse();
    assertThat(IpPrefix.parse("10.244.3.0/26").overlaps(pool)).isTrue();
    assertThat(IpPrefix.parse("10.245.0.0/16").overlaps(pool)).isFalse();
    assertThat(IpPrefix.parse("::/0").contains(IpAddress.parse("10.0.0.1"))).isFalse();
    assertThat(IpPrefix.parse("2001:db8::/32").contains(IpPrefix.parse("2001:db8:1::/48")))
        .isTrue();
  }

  @Test
  void ordersIpv4FirstThenByAddressThenShorterFirst() {
    assertThat(IpPrefix.parse("10.0.0.0/8")).isLessThan(IpPrefix.parse("10.0.0.0/24"));
    assertThat(IpPrefix.parse("10.0.0.0/24")).isLessThan(IpPrefix.parse("10.0.1.0/24"));
    assertThat(IpPrefix.parse("200.0.0.0/8")).isLessThan(IpPrefix.parse("::/0"));
    assertThat(IpPrefix.parse("10.0.0.0/8")).isNotEqualTo(IpPrefix.parse("10.0.0.0/9"));
  }

  @Test
  void splitsIntoSubnetsAndCountsAddresses() {
    IpPrefix pool = IpPrefix.parse("10.244.0.0/24");
    assertThat(pool.subnetCount(26)).isEqualTo(BigInteger.valueOf(4));
    assertThat(pool.subnet(26, BigInteger.valueOf(3))).hasToString("10.244.0.192/26");
    assertThat(pool.last()).hasToString("10.244.0.255");
    assertThat(pool.addressAt(5)).hasToString("10.244.0.5");
    assertThat(pool.ordinalOf(IpAddress.parse("10.244.0.200"))).isEqualTo(200);
    assertThatThrownBy(() -> pool.subnet(20, BigInteger.ZERO))
        .hasMessageContaining("/20 does not split");
    assertThatThrownBy(() -> pool.addressAt(256)).hasMessageContaining("outside 10.244.0.0/24");
    assertThat(IpPrefix.parse("2001:db8::/64").subnet(80, BigInteger.valueOf(2)))
        .hasToString("2001:db8:0:0:2::/80");
  }

  @Test
  void leadingBytesAreWhatAWireNlriCarries() {
    assertThat(IpPrefix.fromLeadingBytes(IpFamily.V4, new byte[] {10, (byte) 244, 1}, 24))
        .hasToString("10.244.1.0/24");
    assertThat(
            IpPrefix.fromLeadingBytes(IpFamily.V6, new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8}, 32))
        .hasToString("2001:db8::/32");
  }

  @Test
  void anIpv4MappedPrefixStaysIpv6() {
    IpPrefix mapped = IpPrefix.parse("::ffff:10.0.0.0/104");
    assertThat(mapped).isEqualTo(IpPrefix.ipv6(0, 0x0000_FFFF_0A00_0000L, 104));
    assertThat(mapped).hasToString("::ffff:a00:0/104");
    assertThat(mapped).isNotEqualTo(IpPrefix.parse("10.0.0.0/8"));
    assertThatThrownBy(() -> IpPrefix.parse("::ffff:10.0.0.1/104"))
        .hasMessageContaining("host bits");
  }
}
