package dev.tabby.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void parsesAndPrintsBothFamiliesInTheirUsualForm() {
    assertThat(IpAddress.parse(" 192.0.2.1 ").toString()).isEqualTo("192.0.2.1");
    assertThat(IpAddress.parse("2001:DB8:0:0:0:0:0:1").toString()).isEqualTo("2001:db8::1");
    assertThat(IpAddress.parse("2001:db8:0:1:0:0:0:1").toString()).isEqualTo("2001:db8:0:1::1");
    assertThat(IpAddress.parse("::").toString()).isEqualTo("::");
    assertThat(IpAddress.parse("10.0.0.1").family()).isEqualTo(IpFamily.V4);
    assertThat(IpAddress.parse("::1").family()).isEqualTo(IpFamily.V6);
  }

  @Test
  void anIpv4MappedLiteralStaysIpv6() {
    IpAddress mapped = IpAddress.parse("::ffff:10.0.0.1");
    assertThat(mapped.isIpv6()).isTrue();
    assertThat(mapped.lowBits()).isEqualTo(0xFFFF_0A00_0001L);
  }

  @Test
  void refusesWhatIsNotALiteralAddressNamingIt() {
    for (String bad :
        new String[] {"", "10.0.0", "10.0.0.256", "1.2.3.4.5", "localhost", "1:2::g"}) {
      assertThatThrownBy(() -> IpAddress.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "' is not an IPv4 or IPv6 address");
    }
    assertThatThrownBy(() -> IpAddress.of(new byte[5])).hasMessageContaining("4 or 16 bytes");
  }

  @Test
  void bytesInetAddressesAndNumbersRoundTrip() throws Exception {
    IpAddress v6 = IpAddress.parse("2001:db8::ff00:42:8329");
    assertThat(IpAddress.of(v6.toBytes())).isEqualTo(v6);
    assertThat(IpAddress.of(v6.toInetAddress())).isEqualTo(v6);
    assertThat(IpAddress.of(IpFamily.V6, v6.toBigInteger())).isEqualTo(v6);
    assertThat(v6.toInetAddress()).isEqualTo(InetAddress.getByName("2001:db8::ff00:42:8329"));
    IpAddress v4 = IpAddress.parse("255.0.0.1");
    assertThat(v4.toBytes()).containsExactly(255, 0, 0, 1);
    assertThat(v4.toBigInteger()).isEqualTo(BigInteger.valueOf(0xFF00_0001L));
  }

  @Test
  void additionCarriesAcrossTheHalvesAndStopsAtTheFamilysEnd() {
    assertThat(IpAddress.parse("::ffff:ffff:ffff:ffff").plus(BigInteger.ONE))
        .isEqualTo(IpAddress.parse("0:0:0:1::"));
    assertThat(IpAddress.parse("10.0.0.255").plus(BigInteger.ONE)).hasToString("10.0.1.0");
    assertThatThrownBy(() -> IpAddress.parse("255.255.255.255").plus(BigInteger.ONE))
        .hasMessageContaining("is not an IPv4 address");
  }

  @Test
  void ordersIpv4FirstThenByUnsignedValue() {
    assertThat(IpAddress.parse("10.0.0.1")).isLessThan(IpAddress.parse("200.0.0.1"));
    assertThat(IpAddress.parse("255.255.255.255")).isLessThan(IpAddress.parse("::"));
    assertThat(IpAddress.parse("8000::")).isGreaterThan(IpAddress.parse("7fff::"));
    assertThat(IpAddress.parse("10.0.0.1")).isEqualTo(IpAddress.ipv4(0x0A00_0001));
    assertThat(IpAddress.parse("10.0.0.1")).hasSameHashCodeAs(IpAddress.ipv4(0x0A00_0001));
  }

  @Test
  void ipv6TextFollowsRfc5952() {
    assertThat(IpAddress.parse("2001:DB8:0:0:1:0:0:1")).hasToString("2001:db8::1:0:0:1");
    assertThat(IpAddress.parse("2001:db8:0:1:1:1:1:1")).hasToString("2001:db8:0:1:1:1:1:1");
    assertThat(IpAddress.parse("::1")).hasToString("::1");
    assertThat(IpAddress.parse("fe80::")).hasToString("fe80::");
  }
}
