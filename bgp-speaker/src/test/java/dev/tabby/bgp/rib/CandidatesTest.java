package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.route;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CandidatesTest {
  private final PeerInfo near = ebgp("10.0.0.1", 65001).build();
  private final PeerInfo far = ebgp("10.0.0.2", 65002).build();
  private final Route nearPath = route(attributes("10.0.0.1", 65001).build(), near);
  private final Route farPath = route(attributes("10.0.0.2", 65002, 65003).build(), far);

  @Test
  void aLonePathIsStoredAsItself() {
    assertThat(Candidates.with(null, nearPath)).isSameAs(nearPath);
  }

  @Test
  void severalPathsKeepTheBestFirstWhateverTheOrderTheyCameIn() {
    Object both = Candidates.with(Candidates.with(null, farPath), nearPath);

    assertThat(Candidates.best(both)).isSameAs(nearPath);
    assertThat(Candidates.asList(both)).containsExactly(nearPath, farPath);
  }

  @Test
  void aPathReplacesTheOneFromTheSameSource() {
    Route nearLonger = route(attributes("10.0.0.1", 65001, 65009, 65010).build(), near);
    Object both = Candidates.with(Candidates.with(null, nearPath), farPath);

    Object replaced = Candidates.with(both, nearLonger);

    assertThat(Candidates.asList(replaced)).containsExactly(farPath, nearLonger);
    assertThat(Candidates.asList(both))
        .as("old value untouched")
        .containsExactly(nearPath, farPath);
  }

  @Test
  void removingPathsShrinksBackToALonePathAndThenNothing() {
    Object both = Candidates.with(Candidates.with(null, nearPath), farPath);

    Object lone = Candidates.without(both, near);
    assertThat(lone).isSameAs(farPath);
    assertThat(Candidates.without(lone, far)).isNull();
    assertThat(Candidates.without(lone, near)).as("no path from that source").isSameAs(lone);
  }

  @Test
  void addingTheRouteASourceAlreadyHasChangesNothing() {
    Object both = Candidates.with(Candidates.with(null, nearPath), farPath);

    assertThat(Candidates.with(both, nearPath)).isSameAs(both);
    assertThat(Candidates.with(nearPath, nearPath)).isSameAs(nearPath);
  }

  @Test
  void theCandidateFromASourceIsFoundAmongOneOrSeveral() {
    Object both = Candidates.with(Candidates.with(null, nearPath), farPath);

    assertThat(Candidates.fromSource(both, far)).isSameAs(farPath);
    assertThat(Candidates.fromSource(nearPath, near)).isSameAs(nearPath);
    assertThat(Candidates.fromSource(nearPath, far)).isNull();
    assertThat(Candidates.fromSource(null, near)).isNull();
    assertThat(Candidates.fromSource(both, null)).as("nothing originated").isNull();
  }
}
