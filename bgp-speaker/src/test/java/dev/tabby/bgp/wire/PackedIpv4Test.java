package dev.tabby.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.net.IpPrefix;
import org.junit.jupiter.api.Test;

class PackedIpv4Test {
  @Test
  void packsIpv4IntoALongThatSortsLikeThePrefix() {
    long packed = PackedIpv4.pack(0xC0A80000, 16);
    assertThat(PackedIpv4.address(packed)).isEqualTo(0xC0A80000);
    assertThat(PackedIpv4.length(packed)).isEqualTo(16);
    assertThat(PackedIpv4.toPrefix(packed)).isEqualTo(IpPrefix.parse("192.168.0.0/16"));
    assertThat(PackedIpv4.of(IpPrefix.parse("192.168.0.0/16"))).isEqualTo(packed);
    assertThat(PackedIpv4.pack(0xC0A80101, 16)).as("host bits cleared").isEqualTo(packed);
    assertThat(PackedIpv4.pack(0x0A000000, 8)).isLessThan(PackedIpv4.pack(0x0A000000, 16));
    assertThat(PackedIpv4.pack(0x0A000000, 32)).isLessThan(packed);
    assertThatThrownBy(() -> PackedIpv4.of(IpPrefix.parse("::/0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IPv4 prefix: ::/0");
  }

  @Test
  void updatesPrintTheirPrefixesReadably() {
    UpdateMessage update =
        UpdateMessage.of(
            java.util.List.of(IpPrefix.parse("10.9.0.0/16")),
            java.util.List.of(
                new UpdateMessage.Reach(
                    PathAttributes.builder().asPath(AsPath.sequence(65001)).build(),
                    java.util.List.of(IpPrefix.parse("10.1.0.0/24")))));
    assertThat(update.toString())
        .startsWith("UPDATE[withdrawn=[10.9.0.0/16], [10.1.0.0/24] PathAttributes[origin=IGP");
    assertThat(UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST))
        .hasToString("UPDATE[End-of-RIB ipv6-unicast]");
  }
}
