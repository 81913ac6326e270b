package dev.tabby.bgp.session;

import static dev.tabby.bgp.session.ReadThrottle.HIGH_WATERMARK;
import static dev.tabby.bgp.session.ReadThrottle.LOW_WATERMARK;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadThrottleTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<String> events = new ArrayList<>();
  private final ReadThrottle throttle =
      new ReadThrottle(
          channel,
          new ReadThrottle.Listener() {
            @Override
            public void readingPaused() {
              events.add("paused");
            }

            @Override
            public void readingResumed() {
              events.add("resumed");
            }
          });

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void readingStopsAtTheHighWatermarkAndResumesAtTheLowOne() {
    receive(HIGH_WATERMARK - 1);
    assertThat(channel.config().isAutoRead()).isTrue();
    receive(1);
    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(throttle.paused()).isTrue();

    process(HIGH_WATERMARK - LOW_WATERMARK - 1);
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).as("still above the low watermark").isFalse();
    process(1);
    channel.runPendingTasks();

    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(throttle.outstanding()).isEqualTo(LOW_WATERMARK);
    assertThat(events).containsExactly("paused", "resumed");
  }

  @Test
  void aClosingConnectionReadsAgainAndPausesNoMore() {
    receive(HIGH_WATERMARK);
    throttle.release();
    assertThat(channel.config().isAutoRead()).isTrue();

    receive(HIGH_WATERMARK);
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(events).containsExactly("paused");
  }

  private void receive(int updates) {
    for (int i = 0; i < updates; i++) {
      throttle.received();
    }
  }

  private void process(int updates) {
    for (int i = 0; i < updates; i++) {
      throttle.processed();
    }
  }
}
