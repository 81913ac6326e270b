package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressAutodetectorTest {

  private static final List<HostInterface> INTERFACES =
      List.of(
          new HostInterface("lo", true, true, List.of(BgpAddress.parse("127.0.0.1/8"))),
          new HostInterface("docker0", true, false, List.of(BgpAddress.parse("172.17.0.1/16"))),
          new HostInterface("eth0", false, false, List.of(BgpAddress.parse("192.0.2.5/24"))),
          new HostInterface(
              "eth1",
              true,
              false,
              List.of(
                  BgpAddress.parse("fe80::1/64"),
                  BgpAddress.parse("10.0.0.1/24"),
                  BgpAddress.parse("fd00::1/64"))),
          new HostInterface("bond0", true, false, List.of(BgpAddress.parse("10.9.0.1/16"))));

  private final AddressAutodetector detector =
      new AddressAutodetector(
          INTERFACES,
          destination ->
              destination.equals(ip("10.9.9.9")) ? Optional.of(ip("10.9.0.1")) : Optional.empty(),
          List.of(ip("10.9.0.1"), ip("fd00::1")));

  @Test
  void firstFoundSkipsLoopbackDownAndContainerInterfacesAndLinkLocalAddresses() {
    assertThat(detector.detect(new AutodetectionMethod.FirstFound(), false))
        .contains(BgpAddress.parse("10.0.0.1/24"));
    assertThat(detector.detect(new AutodetectionMethod.FirstFound(), true))
        .contains(BgpAddress.parse("fd00::1/64"));
  }

  @Test
  void interfaceMatchesTheWholeName() {
    assertThat(detector.detect(AutodetectionMethod.parse("IP", "interface=bond.*"), false))
        .contains(BgpAddress.parse("10.9.0.1/16"));
    assertThatThrownBy(
            () -> detector.detect(AutodetectionMethod.parse("IP", "interface=eth"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("autodetection interface=eth found no IPv4 BGP address");
  }

  @Test
  void canReachTakesTheKernelsSourceAddressWithItsSubnet() {
    assertThat(detector.detect(AutodetectionMethod.parse("IP", "can-reach=10.9.9.9"), false))
        .contains(BgpAddress.parse("10.9.0.1/16"));
    assertThatThrownBy(
            () -> detector.detect(AutodetectionMethod.parse("IP", "can-reach=10.8.8.8"), false))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void kubernetesInternalIpTakesTheNodesAddressOfTheFamily() {
    assertThat(detector.detect(new AutodetectionMethod.KubernetesInternalIp(), false))
        .contains(BgpAddress.parse("10.9.0.1/16"));
    assertThat(detector.detect(new AutodetectionMethod.KubernetesInternalIp(), true))
        .contains(BgpAddress.parse("fd00::1/64"));
  }

  @Test
  void noneGivesNoAddress() {
    assertThat(detector.detect(new AutodetectionMethod.None(), true)).isEmpty();
  }

  @Test
  void unknownMethodsAreRefusedNamingTheVariable() {
    assertThatThrownBy(() -> AutodetectionMethod.parse("IP6_AUTODETECTION_METHOD", "magic"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("IP6_AUTODETECTION_METHOD=magic is not");
  }

  private static InetAddress ip(String text) {
    return InetAddresses.forString(text);
  }
}
