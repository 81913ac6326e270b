package dev.tabby.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SocketAddressesTest {

  @Test
  void ipv4IsHostColonPort() {
    assertThat(
            SocketAddresses.toText(new InetSocketAddress(InetAddresses.forString("10.0.0.1"), 179)))
        .isEqualTo("10.0.0.1:179");
  }

  @Test
  void ipv6IsCompressedAndBracketed() {
    assertThat(
            SocketAddresses.toText(
                new InetSocketAddress(InetAddresses.forString("2001:db8:0:0:0:0:0:1"), 179)))
        .isEqualTo("[2001:db8::1]:179");
  }

  @Test
  void aChannelWithoutAnInetRemoteIsNamedByItsAddress() {
    EmbeddedChannel channel = new EmbeddedChannel();
    assertThat(SocketAddresses.remoteOf(channel))
        .isEqualTo(String.valueOf(channel.remoteAddress()));
    channel.finishAndReleaseAll();
  }
}
