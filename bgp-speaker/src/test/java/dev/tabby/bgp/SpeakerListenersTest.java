package dev.tabby.bgp;

import static dev.tabby.bgp.LoopbackSpeakers.A;
import static dev.tabby.bgp.LoopbackSpeakers.B;
import static dev.tabby.bgp.LoopbackSpeakers.peer;
import static dev.tabby.bgp.LoopbackSpeakers.speaker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.rib.BestPathChange;
import dev.tabby.bgp.rib.BestPathListener;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.Prefix;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session state and best-path listeners of a speaker: what they hear, and silence once removed. */
class SpeakerListenersTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private BgpSpeaker a;
  private BgpSpeaker b;

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void sessionListenerHearsEveryTransitionUpToEstablishedAndTheWayDown() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    a.addSessionListener(
        change -> {
          throw new IllegalStateException("a broken listener");
        });
    Transitions heard = new Transitions();
    a.addSessionListener(heard);

    connect();
    heard.await("A's session with B Established", SessionState.ESTABLISHED);
    List<SessionStateChange> up = heard.changes();
    assertThat(up.get(0).peer()).isEqualTo(B);
    assertThat(up.get(0).from()).isEqualTo(SessionState.IDLE);
    assertChained(up);

    assertThat(a.removePeer(B)).isTrue();
    SessionStateChange down =
        Wait.until(
            "A's session with B leaves Established",
            DEADLINE,
            () -> heard.from(SessionState.ESTABLISHED),
            change -> change != null);
    assertThat(down.to()).isEqualTo(SessionState.IDLE);
    assertThat(down.error()).startsWith("sent NOTIFICATION 6/3");
    assertChained(heard.changes());
  }

  @Test
  void removedSessionListenerHearsNothingMore() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    // Added first, so it would be told of a change before the listener the test waits on.
    Transitions removed = new Transitions();
    Transitions kept = new Transitions();
    a.addSessionListener(removed);
    a.addSessionListener(kept);
    connect();
    kept.await("A's session with B Established", SessionState.ESTABLISHED);

    assertThat(a.removeSessionListener(removed)).isTrue();
    int heardBefore = removed.changes().size();
    assertThat(heardBefore).isPositive();
    assertThat(a.removeSessionListener(removed)).isFalse();
    a.removePeer(B);

    Wait.until(
        "the kept listener hears the session leave Established",
        DEADLINE,
        () -> kept.from(SessionState.ESTABLISHED) != null);
    assertThat(removed.changes()).hasSize(heardBefore);
  }

  @Test
  void removedBestPathListenerHearsNothingMore() {
    a = speaker(A, 65001);
    // Added first, so it would be told of a change before the listener the test waits on.
    BestPaths removed = new BestPaths();
    BestPaths kept = new BestPaths();
    a.addBestPathListener(removed);
    a.addBestPathListener(kept);
    Prefix first = Prefix.parse("10.1.0.0/24");
    a.originate(first);
    Wait.until("the kept listener hears " + first, DEADLINE, () -> kept.heard(first));
    assertThat(removed.heard(first)).isTrue();

    a.removeBestPathListener(removed);
    Prefix second = Prefix.parse("10.2.0.0/24");
    a.originate(second);

    Wait.until("the kept listener hears " + second, DEADLINE, () -> kept.heard(second));
    assertThat(removed.heard(second)).isFalse();
  }

  /** A and B configured as each other's peers. */
  private void connect() {
    a.addPeer(peer(b, A));
    b.addPeer(peer(a, B));
  }

  /** Each change starts where the previous one ended. */
  private static void assertChained(List<SessionStateChange> changes) {
    for (int i = 1; i < changes.size(); i++) {
      assertThat(changes.get(i).from()).as("change %d", i).isEqualTo(changes.get(i - 1).to());
    }
  }

  private static final class Transitions implements SessionStateListener {
    private final List<SessionStateChange> changes = new CopyOnWriteArrayList<>();

    @Override
    public void sessionStateChanged(SessionStateChange change) {
      changes.add(change);
    }

    List<SessionStateChange> changes() {
      return List.copyOf(changes);
    }

    void await(String expectation, SessionState state) {
      Wait.until(
          expectation, DEADLINE, () -> changes.stream().anyMatch(change -> change.to() == state));
    }

    /** The first change out of {@code state}; null when there was none. */
    SessionStateChange from(SessionState state) {
      return changes.stream().filter(change -> change.from() == state).findFirst().orElse(null);
    }
  }

  private static final class BestPaths implements BestPathListener {
    private final List<Prefix> prefixes = new CopyOnWriteArrayList<>();

    @Override
    public void bestPathsChanged(List<BestPathChange> changes) {
      changes.forEach(change -> prefixes.add(change.prefix()));
    }

    boolean heard(Prefix prefix) {
      return prefixes.contains(prefix);
    }
  }
}
