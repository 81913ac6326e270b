package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.dataplane.LinkStates.Transition;
import org.junit.jupiter.api.Test;

class LinkStatesTest {
  private final LinkStates states = new LinkStates();

  private static Link link(boolean up, boolean carrier) {
    return new Link(5, "veth5", up, carrier, 1500, "", "veth");
  }

  @Test
  void aNewLinkDownIsNoTransitionAndComingUpIs() {
    assertThat(states.update(link(false, false), false)).isEqualTo(Transition.NONE);
    assertThat(states.update(link(true, false), false)).isEqualTo(Transition.NONE);
    assertThat(states.update(link(true, true), false)).isEqualTo(Transition.CAME_UP);
    assertThat(states.update(link(true, true), false)).isEqualTo(Transition.NONE);
  }

  @Test
  void anUpLinkLosingItsCarrierOrDeletedWentDown() {
    states.update(link(true, true), false);
    assertThat(states.update(link(true, false), false)).isEqualTo(Transition.WENT_DOWN);
    states.update(link(true, true), false);
    assertThat(states.update(link(true, true), true)).isEqualTo(Transition.WENT_DOWN);
    assertThat(states.update(link(false, false), true)).isEqualTo(Transition.NONE);
  }
}
