package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopsTest {

  @Test
  void aLoopThatStopsBeforeCloseIsAFailure() {
    try (EventLoops loops = EventLoops.start(2)) {
      loops.next().shutdownGracefully(0, 0, TimeUnit.SECONDS);

      assertThat(loops.failure())
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("event loop 0 stopped");
    }
  }

  @Test
  void closingIsNoFailure() {
    EventLoops loops = EventLoops.start(2);
    loops.close();

    assertThat(loops.failure()).isNotDone();
  }
}
