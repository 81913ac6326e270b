package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.bgp.wire.PathAttributes;
import org.junit.jupiter.api.Test;

class AttributeInternerTest {
  private final AttributeInterner interner = new AttributeInterner();

  @Test
  void equalAttributesShareOneInstance() {
    PathAttributes first = interner.intern(attributes("10.0.0.1", 65001).build());
    PathAttributes second = interner.intern(attributes("10.0.0.1", 65001).build());

    assertThat(second).isSameAs(first);
    assertThat(interner.size()).isEqualTo(1);
  }

  @Test
  void theEntryIsDroppedWithItsLastReference() {
    PathAttributes shared = interner.intern(attributes("10.0.0.1", 65001).build());
    interner.intern(attributes("10.0.0.1", 65001).build());

    interner.release(shared);
    assertThat(interner.size()).isEqualTo(1);
    interner.release(shared);
    assertThat(interner.size()).isZero();
  }

  @Test
  void releasingAnUninternedInstanceIsABug() {
    PathAttributes interned = interner.intern(attributes("10.0.0.1", 65001).build());
    PathAttributes equalCopy = attributes("10.0.0.1", 65001).build();

    assertThat(equalCopy).isEqualTo(interned);
    assertThatThrownBy(() -> interner.release(equalCopy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never interned");
  }
}
