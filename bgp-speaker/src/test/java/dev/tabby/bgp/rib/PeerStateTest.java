package dev.tabby.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the RIB's log lines name a peer. */
class PeerStateTest {

  @Test
  void anIpv6PeerIsNamedInItsCompressedForm() {
    PeerInfo info = TestPeer.ebgp("2001:db8:0:0:0:0:0:9", 65009).build();
    PeerState peer =
        new PeerState(
            info, buffer -> {}, new ExportGroup(ExportProfile.of(info)), new AttributeInterner());

    assertThat(peer).hasToString("peer 2001:db8::9 AS65009");
  }
}
