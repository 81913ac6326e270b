package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.path;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CandidatesTest {
  private final PeerInfo near = ebgp("10.0.0.1", 65001).build();
  private final PeerInfo far = ebgp("10.0.0.2", 65002).build();
  private final Path nearPath = path(attributes("10.0.0.1", 65001).build(), near);
  private final Path farPath = path(attributes("10.0.0.2", 65002, 65003).build(), far);

  @Test
  void aLonePathIsItsOwnCandidateSet() {
    assertThat(nearPath.best()).isSameAs(nearPath);
    assertThat(nearPath.asList()).containsExactly(nearPath);
    assertThat(nearPath.multipath()).containsExactly(nearPath);
  }

  @Test
  void severalPathsKeepTheBestFirstWhateverTheOrderTheyCameIn() {
    Candidates both = farPath.with(nearPath);

    assertThat(both).isInstanceOf(SeveralPaths.class);
    assertThat(both.best()).isSameAs(nearPath);
    assertThat(both.asList()).containsExactly(nearPath, farPath);
  }

  @Test
  void aPathReplacesTheOneFromTheSameSource() {
    Path nearLonger = path(attributes("10.0.0.1", 65001, 65009, 65010).build(), near);
    Candidates both = nearPath.with(farPath);

    Candidates replaced = both.with(nearLonger);

    assertThat(replaced.asList()).containsExactly(farPath, nearLonger);
    assertThat(both.asList()).as("old value untouched").containsExactly(nearPath, farPath);
    assertThat(nearPath.with(nearLonger)).isSameAs(nearLonger);
  }

  @Test
  void removingPathsShrinksBackToALonePathAndThenNothing() {
    Candidates both = nearPath.with(farPath);

    Candidates lone = both.without(near);
    assertThat(lone).isSameAs(farPath);
    assertThat(lone.without(far)).isNull();
    assertThat(lone.without(near)).as("no path from that source").isSameAs(lone);
  }

  @Test
  void addingThePathASourceAlreadyHasChangesNothing() {
    Candidates both = nearPath.with(farPath);

    assertThat(both.with(nearPath)).isSameAs(both);
    assertThat(nearPath.with(nearPath)).isSameAs(nearPath);
  }

  @Test
  void theCandidateFromASourceIsFoundAmongOneOrSeveral() {
    Candidates both = nearPath.with(farPath);

    assertThat(both.fromSource(far)).isSameAs(farPath);
    assertThat(nearPath.fromSource(near)).isSameAs(nearPath);
    assertThat(nearPath.fromSource(far)).isNull();
    assertThat(both.fromSource(null)).as("nothing originated").isNull();
  }
}
