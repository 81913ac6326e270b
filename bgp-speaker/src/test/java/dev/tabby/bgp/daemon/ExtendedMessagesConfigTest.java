package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code extendedMessages} of a peer and of a range of peers in the daemon's YAML. */
class ExtendedMessagesConfigTest {
  private static final String HEAD = "routerId: 1.1.1.1\nlocalAs: 1\n";

  @Test
  void offeredUnlessAPeerOrRangeTurnsItOff() {
    DaemonConfig config =
        ConfigParser.parse(
            HEAD
                + """
                peers:
                  - {address: 10.0.0.2, as: 2}
                  - {address: 10.0.0.3, as: 3, extendedMessages: false}
                peerRanges:
                  - {prefix: 10.1.0.0/24, as: 4}
                  - {prefix: 10.2.0.0/24, as: 5, extendedMessages: false}
                """);

    assertThat(config.peers().get(0).extendedMessages()).isTrue();
    assertThat(config.peers().get(1).extendedMessages()).isFalse();
    assertThat(config.peerRanges().get(0).options().extendedMessages()).isTrue();
    assertThat(config.peerRanges().get(1).options().extendedMessages()).isFalse();
  }

  @Test
  void anythingButTrueOrFalseIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                ConfigParser.parse(
                    HEAD + "peers: [{address: 10.0.0.2, as: 2, extendedMessages: sometimes}]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config peers[0].extendedMessages: must be true or false, got \"sometimes\"");
  }
}
