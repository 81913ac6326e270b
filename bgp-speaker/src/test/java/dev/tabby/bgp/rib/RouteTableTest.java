package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.bgp.wire.PathAttributes;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private final PeerInfo source = ebgp("10.0.0.1", 65001).build();
  private final AttributeInterner attributes = new AttributeInterner();
  private final RouteTable routes = new RouteTable(source, attributes);

  @Test
  void equalAttributesShareOneRouteFromTheSourceWithInternedAttributes() {
    Route first = routes.intern(attributes("10.0.0.1", 65001).build());
    Route second = routes.intern(attributes("10.0.0.1", 65001).build());

    assertThat(second).isSameAs(first);
    assertThat(first.source()).isSameAs(source);
    assertThat(routes.size()).isEqualTo(1);
    assertThat(attributes.size()).as("one attribute reference per route").isEqualTo(1);
    assertThat(attributes.intern(attributes("10.0.0.1", 65001).build()))
        .isSameAs(first.attributes());
  }

  @Test
  void theRouteAndItsAttributesAreDroppedWithItsLastHolder() {
    Route shared = routes.intern(attributes("10.0.0.1", 65001).build());
    routes.intern(attributes("10.0.0.1", 65001).build());

    routes.release(shared);
    assertThat(routes.size()).isEqualTo(1);
    routes.release(shared);
    assertThat(routes.size()).isZero();
    assertThat(attributes.size()).isZero();
  }

  @Test
  void releasingAllGivesBackEveryRoutesAttributesOnce() {
    routes.intern(attributes("10.0.0.1", 65001).build());
    routes.intern(attributes("10.0.0.1", 65001).build());
    routes.intern(attributes("10.0.0.1", 65001, 65002).build());

    routes.releaseAll();

    assertThat(routes.size()).isZero();
    assertThat(attributes.size()).isZero();
  }

  @Test
  void theSameDecodedAttributesInternedAgainAfterTheirRouteWasDroppedMakeANewLiveRoute() {
    PathAttributes decoded = attributes("10.0.0.1", 65001).build();
    Route first = routes.intern(decoded);
    routes.release(first);

    Route again = routes.intern(decoded);

    assertThat(again).isNotSameAs(first);
    assertThat(routes.size()).isEqualTo(1);
    assertThat(attributes.size()).isEqualTo(1);
    routes.release(again);
    assertThat(attributes.size()).isZero();
  }

  @Test
  void aDecodedAttributeSetInternedAfterReleaseAllIsNotTheDroppedRoute() {
    PathAttributes decoded = attributes("10.0.0.1", 65001).build();
    Route first = routes.intern(decoded);
    routes.releaseAll();

    Route again = routes.intern(decoded);

    assertThat(again).isNotSameAs(first);
    assertThat(routes.size()).isEqualTo(1);
    assertThat(attributes.size()).isEqualTo(1);
  }

  @Test
  void releasingARouteNotInternedHereIsABug() {
    routes.intern(attributes("10.0.0.1", 65001).build());
    Route equalCopy = new Route(attributes("10.0.0.1", 65001).build(), source);

    assertThatThrownBy(() -> routes.release(equalCopy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never interned");
  }
}
