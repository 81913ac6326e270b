package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectedInterfacesTest {
  private static final IpAddress LOCAL = IpAddress.parse("10.0.0.1");
  private static final IpAddress NEIGHBOUR = IpAddress.parse("10.0.0.2");

  private final ConnectedInterfaces interfaces = new ConnectedInterfaces();
  private final List<String> wentDown = new ArrayList<>();

  /** What the listener saw reaching the neighbour when it was told: still there for a deletion. */
  private final List<Boolean> reachedWhenTold = new ArrayList<>();

  @BeforeEach
  void setUp() {
    interfaces.addListener(
        link -> {
          wentDown.add(link.name());
          reachedWhenTold.add(interfaces.reaching(LOCAL, NEIGHBOUR).isPresent());
        });
    interfaces.linkChanged(link(2, "eth0", true, true), false);
    interfaces.linkChanged(link(3, "eth1", true, true), false);
    interfaces.addressChanged(new InterfaceAddress(2, LOCAL, 24), false);
    interfaces.addressChanged(new InterfaceAddress(3, IpAddress.parse("192.0.2.1"), 24), false);
  }

  @Test
  void aNeighbourOnTheNetworkOfTheLocalAddressIsReachedThroughItsInterface() {
    assertThat(interfaces.reaching(LOCAL, NEIGHBOUR)).map(Link::name).contains("eth0");
  }

  @Test
  void aNeighbourBeyondTheNetworksOfTheLocalAddressesInterfaceIsNotDirectlyReached() {
    assertThat(interfaces.reaching(LOCAL, IpAddress.parse("10.0.1.2"))).isEmpty();
    // On another interface's network: the session from LOCAL does not run over that one.
    assertThat(interfaces.reaching(LOCAL, IpAddress.parse("192.0.2.2"))).isEmpty();
    assertThat(interfaces.reaching(IpAddress.parse("10.9.9.9"), NEIGHBOUR)).isEmpty();
  }

  @Test
  void aSecondAddressOnTheInterfaceConnectsItsNetworkToo() {
    interfaces.addressChanged(new InterfaceAddress(2, IpAddress.parse("172.16.0.1"), 16), false);
    assertThat(interfaces.reaching(LOCAL, IpAddress.parse("172.16.5.5")))
        .map(Link::name)
        .contains("eth0");

    interfaces.addressChanged(new InterfaceAddress(2, IpAddress.parse("172.16.0.1"), 16), true);
    assertThat(interfaces.reaching(LOCAL, IpAddress.parse("172.16.5.5"))).isEmpty();
  }

  @Test
  void losingTheCarrierOrGoingDownIsToldOnceForAnInterfaceThatWasUp() {
    interfaces.linkChanged(link(2, "eth0", true, false), false);
    interfaces.linkChanged(link(2, "eth0", false, false), false);
    assertThat(wentDown).containsExactly("eth0");

    interfaces.linkChanged(link(2, "eth0", true, true), false);
    interfaces.linkChanged(link(2, "eth0", false, true), false);
    assertThat(wentDown).containsExactly("eth0", "eth0");
    assertThat(reachedWhenTold).containsExactly(true, true);
  }

  @Test
  void aDeletedInterfaceIsToldWhileItsNetworksAreStillKnownAndThenForgotten() {
    interfaces.linkChanged(link(2, "eth0", true, true), true);

    assertThat(wentDown).containsExactly("eth0");
    assertThat(reachedWhenTold).containsExactly(true);
    assertThat(interfaces.reaching(LOCAL, NEIGHBOUR)).isEmpty();
  }

  @Test
  void anInterfaceThatComesUpIsNotToldAsGoingDown() {
    interfaces.linkChanged(link(4, "eth2", false, false), false);
    interfaces.linkChanged(link(4, "eth2", true, true), false);
    assertThat(wentDown).isEmpty();
  }

  private static Link link(int index, String name, boolean up, boolean carrier) {
    return new Link(index, name, up, carrier, 1500, "", "veth");
  }
}
