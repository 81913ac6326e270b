package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerConfigTest {
  private static final InetAddress PEER = InetAddresses.forString("10.0.0.2");

  @Test
  void keepaliveTimeDefaultsToAThirdOfTheHoldTime() {
    assertThat(PeerConfig.builder(PEER, 65001).build().keepaliveTime())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(PeerConfig.builder(PEER, 65001).holdTime(Duration.ZERO).build().keepaliveTime())
        .isZero();
  }

  @Test
  void keepaliveTimeFollowsRfc4271() {
    PeerConfig.Builder hold9 = PeerConfig.builder(PEER, 65001).holdTime(Duration.ofSeconds(9));

    assertThat(hold9.keepaliveTime(Duration.ofSeconds(3)).build().keepaliveTime())
        .isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> hold9.keepaliveTime(Duration.ofSeconds(4)).build())
        .hasMessage("keepalive time 4s is more than a third of the hold time 9s");
    assertThatThrownBy(() -> hold9.keepaliveTime(Duration.ZERO).build())
        .hasMessageStartingWith("keepalive time may be 0 exactly when the hold time is 0");
    assertThatThrownBy(
            () ->
                PeerConfig.builder(PEER, 65001)
                    .holdTime(Duration.ZERO)
                    .keepaliveTime(Duration.ofSeconds(1))
                    .build())
        .hasMessageStartingWith("keepalive time may be 0 exactly when the hold time is 0");
  }
}
