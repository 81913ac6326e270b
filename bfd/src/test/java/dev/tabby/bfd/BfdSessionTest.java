package dev.tabby.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The state machine of RFC 5880 §6.8, two sessions wired to each other on a manual clock. */
class BfdSessionTest {
  private static final IpAddress A = IpAddress.parse("10.0.0.1");
  private static final IpAddress B = IpAddress.parse("10.0.0.2");
  private static final BfdParameters FAST = BfdParameters.ofMillis(100, 100, 3);
  private static final Duration PROPAGATION = Duration.ofMillis(1);

  private final ManualClock clock = new ManualClock();
  private final End a = new End(new BfdPeer(A, B), 0x0a);
  private final End b = new End(new BfdPeer(B, A), 0x0b);
  private boolean linkUp = true;

  /** One side: its session, what it sent (with the time), and the states it went through. */
  private final class End {
    final List<ControlPacket> sent = new ArrayList<>();
    final List<Long> sentAt = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    final BfdPeer peer;
    final int discriminator;
    BfdSession session;
    End other;

    End(BfdPeer peer, int discriminator) {
      this.peer = peer;
      this.discriminator = discriminator;
    }

    void start(BfdParameters parameters) {
      session =
          new BfdSession(
              peer,
              discriminator,
              parameters,
              clock,
              packet -> {
                sent.add(packet);
                sentAt.add(clock.nanoTime());
                if (linkUp) {
                  clock.schedule(PROPAGATION.toNanos(), () -> other.session.receive(packet));
                }
              },
              (p, from, to, diagnostic) -> changes.add(from + "->" + to + " " + diagnostic),
              new SplittableRandom(discriminator));
      session.start();
    }

    ControlPacket last() {
      return sent.get(sent.size() - 1);
    }
  }

  private void startBoth(BfdParameters parameters) {
    a.other = b;
    b.other = a;
    a.start(parameters);
    b.start(parameters);
  }

  @Test
  void threeWayHandshakeBringsBothSidesUp() {
    startBoth(FAST);

    clock.advance(Duration.ofSeconds(3));

    assertThat(a.changes).containsExactly("DOWN->INIT NONE", "INIT->UP NONE");
    assertThat(b.changes).containsExactly("DOWN->INIT NONE", "INIT->UP NONE");
    assertThat(a.session.status().remoteDiscriminator()).isEqualTo(0x0b);
    assertThat(b.last().yourDiscriminator()).isEqualTo(0x0a);
    assertThat(a.session.status().upCount()).isEqualTo(1);
  }

  @Test
  void transmitsOncePerSecondWithJitterUntilUp() {
    linkUp = false;
    startBoth(FAST);

    clock.advance(Duration.ofSeconds(20));

    assertThat(a.session.state()).isEqualTo(BfdState.DOWN);
    assertThat(a.sent).allSatisfy(p -> assertThat(p.desiredMinTxMicros()).isEqualTo(1_000_000));
    assertGapsBetween(a, 750, 1000);
  }

  @Test
  void aMultiplierOfOneJittersBetween75And90Percent() {
    linkUp = false;
    startBoth(BfdParameters.ofMillis(100, 100, 1));

    clock.advance(Duration.ofSeconds(30));

    assertGapsBetween(a, 750, 900);
  }

  @Test
  void goingUpNegotiatesTheFastIntervalWithAPollSequence() {
    startBoth(FAST);
    clock.advance(Duration.ofSeconds(3));
    assertThat(a.sent).anySatisfy(p -> assertThat(p.poll()).isTrue());
    assertThat(b.sent).anySatisfy(p -> assertThat(p.fin()).isTrue());

    int before = a.sent.size();
    clock.advance(Duration.ofSeconds(1));

    BfdSessionStatus status = a.session.status();
    assertThat(status.pollInProgress()).isFalse();
    assertThat(status.transmitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(status.detectionTime()).isEqualTo(Duration.ofMillis(300));
    assertThat(a.last().poll()).isFalse();
    assertGapsBetween(a, before, 75, 100);
  }

  @Test
  void silenceForTheDetectionTimeTakesTheSessionDown() {
    startBoth(FAST);
    clock.advance(Duration.ofSeconds(5));
    assertThat(a.session.state()).isEqualTo(BfdState.UP);

    linkUp = false;
    clock.advance(Duration.ofMillis(200));
    assertThat(a.session.state()).isEqualTo(BfdState.UP);
    clock.advance(Duration.ofMillis(150));

    assertThat(a.session.state()).isEqualTo(BfdState.DOWN);
    assertThat(a.changes).endsWith("UP->DOWN CONTROL_DETECTION_TIME_EXPIRED");
    assertThat(a.session.status().remoteDiscriminator()).isZero();
    assertThat(a.last().diagnostic()).isEqualTo(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED);
    assertThat(a.last().desiredMinTxMicros()).isEqualTo(1_000_000);
  }

  @Test
  void recoversWhenPacketsReturn() {
    startBoth(FAST);
    clock.advance(Duration.ofSeconds(5));
    linkUp = false;
    clock.advance(Duration.ofSeconds(5));
    assertThat(a.session.state()).isEqualTo(BfdState.DOWN);

    linkUp = true;
    clock.advance(Duration.ofSeconds(5));

    assertThat(a.session.state()).isEqualTo(BfdState.UP);
    assertThat(b.session.state()).isEqualTo(BfdState.UP);
    assertThat(a.session.status().upCount()).isEqualTo(2);
    assertThat(a.session.status().downCount()).isEqualTo(1);
  }

  @Test
  void aChangedIntervalIsPolledAndHeldBackUntilTheFinal() {
    startBoth(FAST);
    clock.advance(Duration.ofSeconds(5));

    a.session.setParameters(BfdParameters.ofMillis(300, 300, 3));
    // A slower transmit rate must wait for the Final; the packets carry the new value with P.
    assertThat(a.session.status().pollInProgress()).isTrue();
    assertThat(a.session.status().transmitInterval()).isEqualTo(Duration.ofMillis(100));
    clock.advance(Duration.ofMillis(150));
    assertThat(a.sent).anySatisfy(p -> assertThat(p.poll()).isTrue());
    assertThat(a.last().desiredMinTxMicros()).isEqualTo(300_000);

    clock.advance(Duration.ofMillis(500));

    assertThat(a.session.status().pollInProgress()).isFalse();
    assertThat(a.session.status().transmitInterval()).isEqualTo(Duration.ofMillis(300));
    assertThat(a.session.status().detectionTime()).isEqualTo(Duration.ofMillis(900));
    // The peer times its detection by our slower rate and sends no faster than we can receive.
    assertThat(b.session.status().detectionTime()).isEqualTo(Duration.ofMillis(900));
    assertThat(b.session.status().transmitInterval()).isEqualTo(Duration.ofMillis(300));
    assertThat(a.session.state()).isEqualTo(BfdState.UP);
    assertThat(b.session.state()).isEqualTo(BfdState.UP);
  }

  @Test
  void theNeighbourSignallingDownTakesAnUpSessionDown() {
    startBoth(FAST);
    clock.advance(Duration.ofSeconds(5));

    b.session.close();
    clock.advance(PROPAGATION);

    assertThat(b.last().state()).isEqualTo(BfdState.ADMIN_DOWN);
    assertThat(b.last().diagnostic()).isEqualTo(Diagnostic.ADMINISTRATIVELY_DOWN);
    assertThat(a.changes).endsWith("UP->DOWN NEIGHBOR_SIGNALED_SESSION_DOWN");
  }

  @Test
  void anUpSessionDiscardsPacketsWithoutItsDiscriminator() {
    startBoth(FAST);
    clock.advance(Duration.ofSeconds(5));

    ControlPacket stray =
        new ControlPacket(
            Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 3, 0x0b, 0, 1, 1, 0);

    assertThat(a.session.receive(stray)).isFalse();
    assertThat(a.session.state()).isEqualTo(BfdState.UP);
    assertThat(a.session.status().packetsDiscarded()).isEqualTo(1);
  }

  @Test
  void aPeerThatWantsNoPacketsGetsNone() {
    linkUp = false;
    a.other = b;
    b.other = a;
    a.start(FAST);
    int sent = a.sent.size();
    a.session.receive(
        new ControlPacket(
            Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 3, 0x0b, 0, 1, 0, 0));

    clock.advance(Duration.ofSeconds(5));

    assertThat(a.sent).hasSize(sent);
  }

  private void assertGapsBetween(End end, long minMillis, long maxMillis) {
    assertGapsBetween(end, 0, minMillis, maxMillis);
  }

  private void assertGapsBetween(End end, int from, long minMillis, long maxMillis) {
    List<Long> periodic = new ArrayList<>();
    for (int i = from; i < end.sent.size(); i++) {
      if (!end.sent.get(i).fin()) {
        periodic.add(end.sentAt.get(i));
      }
    }
    assertThat(periodic).hasSizeGreaterThan(5);
    for (int i = 1; i < periodic.size(); i++) {
      long gap = (periodic.get(i) - periodic.get(i - 1)) / 1_000_000;
      assertThat(gap).as("gap %d", i).isBetween(minMillis, maxMillis);
    }
  }
}
