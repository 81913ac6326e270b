package dev.tabby.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixTest {
  @Test
  void parsesAndPrintsBothFamilies() {
    Prefix v4 = Prefix.parse("10.0.0.0/24");
    assertThat(v4.family()).isEqualTo(AddressFamily.IPV4_UNICAST);
    assertThat(v4.length()).isEqualTo(24);
    assertThat(v4.address()).isEqualTo(InetAddresses.forString("10.0.0.0"));
    assertThat(v4.addressBytes()).containsExactly(10, 0, 0, 0);
    assertThat(v4).hasToString("10.0.0.0/24");

    Prefix v6 = Prefix.parse("2001:db8::/32");
    assertThat(v6.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(v6.length()).isEqualTo(32);
    assertThat(v6).hasToString("2001:db8::/32");
    assertThat(Prefix.parse("::/0")).hasToString("::/0");
    assertThat(Prefix.parse("0.0.0.0/0")).hasToString("0.0.0.0/0");
    assertThat(Prefix.parse("2001:db8:0:1:2:3:4:5/128")).hasToString("2001:db8:0:1:2:3:4:5/128");
  }

  @Test
  void rejectsHostBitsAndNonsenseWithClearMessages() {
    assertThatThrownBy(() -> Prefix.parse("10.0.0.1/24"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host bits")
        .hasMessageContaining("10.0.0.0/24");
    assertThatThrownBy(() -> Prefix.parse("2001:db8::1/64"))
        .hasMessageContaining("did you mean 2001:db8::/64");
    assertThatThrownBy(() -> Prefix.parse("10.0.0.0")).hasMessageContaining("address/length");
    assertThatThrownBy(() -> Prefix.parse("10.0.0.0/33")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Prefix.parse("2001:db8::/129")).hasMessageContaining("0..128");
    assertThatThrownBy(() -> Prefix.parse("host.example/8")).hasMessageContaining("not a prefix");
    assertThatThrownBy(() -> Prefix.parse("10.0.0.0/x")).hasMessageContaining("not a prefix");
  }

  @Test
  void ofMasksHostBits() {
    assertThat(Prefix.of(InetAddresses.forString("10.1.2.3"), 16))
        .isEqualTo(Prefix.parse("10.1.0.0/16"));
    assertThat(Prefix.of(InetAddresses.forString("2001:db8:ffff::1"), 33))
        .isEqualTo(Prefix.parse("2001:db8:8000::/33"));
    assertThat(Prefix.of(InetAddresses.forString("2001:db8::ffff"), 100))
        .isEqualTo(Prefix.parse("2001:db8::/100"));
    assertThat(Prefix.ipv4(0xC0A80101, 0)).isEqualTo(Prefix.parse("0.0.0.0/0"));
  }

  @Test
  void parsesIpv4MappedIpv6AsIpv6() {
    Prefix mapped = Prefix.parse("::ffff:10.0.0.0/104");
    assertThat(mapped.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(mapped).isEqualTo(Prefix.ipv6(0, 0x0000_FFFF_0A00_0000L, 104));
    assertThatThrownBy(() -> Prefix.parse("::ffff:10.0.0.1/104")).hasMessageContaining("host bits");
  }

  @Test
  void updatesPrintReadably() {
    UpdateMessage update =
        UpdateMessage.of(
            java.util.List.of(Prefix.parse("10.9.0.0/16")),
            java.util.List.of(
                new UpdateMessage.Reach(
                    PathAttributes.builder().asPath(AsPath.sequence(65001)).build(),
                    java.util.List.of(Prefix.parse("10.1.0.0/24")))));
    assertThat(update.toString())
        .startsWith("UPDATE[withdrawn=[10.9.0.0/16], [10.1.0.0/24] PathAttributes[origin=IGP");
    assertThat(UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST))
        .hasToString("UPDATE[End-of-RIB ipv6-unicast]");
  }

  @Test
  void keepsIpv4MappedIpv6AddressesIpv6() {
    Prefix mapped = Prefix.ipv6(0, 0x0000_FFFF_0A00_0000L, 104);
    assertThat(mapped.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    assertThat(mapped.address().getAddress()).hasSize(16);
    assertThat(mapped).hasToString("::ffff:a00:0/104");
  }

  @Test
  void containsOnlySameFamilyMoreSpecifics() {
    Prefix p = Prefix.parse("10.0.0.0/8");
    assertThat(p.contains(Prefix.parse("10.0.0.0/8"))).isTrue();
    assertThat(p.contains(Prefix.parse("10.200.0.0/16"))).isTrue();
    assertThat(p.contains(Prefix.parse("11.0.0.0/16"))).isFalse();
    assertThat(p.contains(Prefix.parse("0.0.0.0/0"))).isFalse();
    assertThat(Prefix.parse("0.0.0.0/0").contains(p)).isTrue();
    assertThat(Prefix.parse("::/0").contains(p)).isFalse();
    Prefix v6 = Prefix.parse("2001:db8::/32");
    assertThat(v6.contains(Prefix.parse("2001:db8:1::/48"))).isTrue();
    assertThat(v6.contains(Prefix.parse("2001:db9::/48"))).isFalse();
    assertThat(Prefix.parse("2001:db8::/96").contains(Prefix.parse("2001:db8::1:0:0/112")))
        .isFalse();
    assertThat(Prefix.parse("2001:db8::/96").contains(Prefix.parse("2001:db8::ff/128"))).isTrue();
    assertThat(p.contains(InetAddresses.forString("10.9.9.9"))).isTrue();
  }

  @Test
  void ordersIpv4FirstThenAddressUnsignedThenLength() {
    List<Prefix> prefixes =
        new ArrayList<>(
            List.of(
                Prefix.parse("2001:db8::/32"),
                Prefix.parse("192.168.0.0/16"),
                Prefix.parse("10.0.0.0/16"),
                Prefix.parse("10.0.0.0/8"),
                Prefix.parse("8000::/1"),
                Prefix.parse("::/0")));
    Collections.sort(prefixes);
    assertThat(prefixes)
        .extracting(Prefix::toString)
        .containsExactly(
            "10.0.0.0/8", "10.0.0.0/16", "192.168.0.0/16", "::/0", "2001:db8::/32", "8000::/1");
  }

  @Test
  void packsIpv4IntoALongThatSortsLikeThePrefix() {
    long packed = Prefix.packIpv4(0xC0A80000, 16);
    assertThat(Prefix.unpackIpv4Address(packed)).isEqualTo(0xC0A80000);
    assertThat(Prefix.unpackIpv4Length(packed)).isEqualTo(16);
    assertThat(Prefix.ofPackedIpv4(packed)).isEqualTo(Prefix.parse("192.168.0.0/16"));
    assertThat(Prefix.parse("192.168.0.0/16").packedIpv4()).isEqualTo(packed);
    assertThat(Prefix.packIpv4(0xC0A80101, 16)).as("host bits cleared").isEqualTo(packed);
    assertThat(Prefix.packIpv4(0x0A000000, 8)).isLessThan(Prefix.packIpv4(0x0A000000, 16));
    assertThat(Prefix.packIpv4(0x0A000000, 32)).isLessThan(packed);
    assertThatThrownBy(() -> Prefix.parse("::/0").packedIpv4())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void valueEquality() {
    assertThat(Prefix.parse("10.0.0.0/8"))
        .isEqualTo(Prefix.ipv4(0x0A000000, 8))
        .hasSameHashCodeAs(Prefix.ipv4(0x0A000000, 8))
        .isNotEqualTo(Prefix.parse("10.0.0.0/9"))
        .isNotEqualTo(Prefix.parse("::a00:0/104"));
  }
}
