package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.bgp.wire.PathAttributes;
import org.junit.jupiter.api.Test;

class PathTableTest {
  private final PeerInfo source = ebgp("10.0.0.1", 65001).build();
  private final AttributeInterner attributes = new AttributeInterner();
  private final PathTable paths = new PathTable(source, attributes);

  @Test
  void equalAttributesShareOnePathFromTheSourceWithInternedAttributes() {
    Path first = paths.intern(attributes("10.0.0.1", 65001).build());
    Path second = paths.intern(attributes("10.0.0.1", 65001).build());

    assertThat(second).isSameAs(first);
    assertThat(first.source()).isSameAs(source);
    assertThat(paths.size()).isEqualTo(1);
    assertThat(attributes.size()).as("one attribute reference per path").isEqualTo(1);
    assertThat(attributes.intern(attributes("10.0.0.1", 65001).build()))
        .isSameAs(first.attributes());
  }

  @Test
  void thePathAndItsAttributesAreDroppedWithItsLastHolder() {
    Path shared = paths.intern(attributes("10.0.0.1", 65001).build());
    paths.intern(attributes("10.0.0.1", 65001).build());

    paths.release(shared);
    assertThat(paths.size()).isEqualTo(1);
    paths.release(shared);
    assertThat(paths.size()).isZero();
    assertThat(attributes.size()).isZero();
  }

  @Test
  void releasingAllGivesBackEveryPathsAttributesOnce() {
    paths.intern(attributes("10.0.0.1", 65001).build());
    paths.intern(attributes("10.0.0.1", 65001).build());
    paths.intern(attributes("10.0.0.1", 65001, 65002).build());

    paths.releaseAll();

    assertThat(paths.size()).isZero();
    assertThat(attributes.size()).isZero();
  }

  @Test
  void theSameDecodedAttributesInternedAgainAfterTheirPathWasDroppedMakeANewLivePath() {
    PathAttributes decoded = attributes("10.0.0.1", 65001).build();
    Path first = paths.intern(decoded);
    paths.release(first);

    Path again = paths.intern(decoded);

    assertThat(again).isNotSameAs(first);
    assertThat(paths.size()).isEqualTo(1);
    assertThat(attributes.size()).isEqualTo(1);
    paths.release(again);
    assertThat(attributes.size()).isZero();
  }

  @Test
  void aDecodedAttributeSetInternedAfterReleaseAllIsNotTheDroppedPath() {
    PathAttributes decoded = attributes("10.0.0.1", 65001).build();
    Path first = paths.intern(decoded);
    paths.releaseAll();

    Path again = paths.intern(decoded);

    assertThat(again).isNotSameAs(first);
    assertThat(paths.size()).isEqualTo(1);
    assertThat(attributes.size()).isEqualTo(1);
  }

  @Test
  void releasingAPathNotInternedHereIsABug() {
    paths.intern(attributes("10.0.0.1", 65001).build());
    Path equalCopy = new Path(attributes("10.0.0.1", 65001).build(), source);

    assertThatThrownBy(() -> paths.release(equalCopy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never interned");
  }
}
