package dev.tabby.bfd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.net.IpAddress;
import org.junit.jupiter.api.Test;

class BfdPeerTest {
  private static final IpAddress LOCAL = IpAddress.parse("10.0.0.1");
  private static final IpAddress REMOTE = IpAddress.parse("10.0.9.1");

  @Test
  void singleHopGoesToPort3784AndAcceptsOnlyTtl255() {
    BfdPeer peer = new BfdPeer(LOCAL, REMOTE, "eth0");
    assertThat(peer.controlPort()).isEqualTo(3784);
    assertThat(peer.minimumTtl()).isEqualTo(255);
    assertThatThrownBy(() -> new BfdPeer(LOCAL, REMOTE, null, false, 254))
        .hasMessageContaining("accepts only TTL 255");
  }

  @Test
  void multihopGoesToPort4784KeyedByTheAddressPairAlone() {
    BfdPeer peer = BfdPeer.multihop(LOCAL, REMOTE, BfdPeer.DEFAULT_MULTIHOP_MINIMUM_TTL);
    assertThat(peer.controlPort()).isEqualTo(4784);
    assertThat(peer.minimumTtl()).isEqualTo(254);
    assertThat(peer).isEqualTo(BfdPeer.multihop(LOCAL, REMOTE, 254));
    assertThat(peer).isNotEqualTo(new BfdPeer(LOCAL, REMOTE));
    assertThatThrownBy(() -> new BfdPeer(LOCAL, REMOTE, "eth0", true, 254))
        .hasMessageContaining("not tied to an interface");
    assertThatThrownBy(() -> BfdPeer.multihop(LOCAL, REMOTE, 0)).hasMessageContaining("1..255");
  }
}
