package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The session warm-up carries its whole table over a real loopback session on every pass: the
 * receiver holds all of it when the pass ends the session. Read from what the private receiver's
 * RIB logs, since both speakers are closed when the warm-up returns. (The sender's first dump may
 * go out before all of its originations reached its RIB, so the sender's log is no measure.)
 */
class SessionWarmupTest {
  /** {@code SessionWarmup}'s passes: three loads, each over a new session. */
  private static final int PASSES = 3;

  private static final String SENDER = "peer 127.0.0.1 AS64512";

  @Test
  void everyPassCarriesTheWholeTableOverANewLoopbackSession() {
    List<String> ribLog = ribLogDuring(SessionWarmup::carryTable);

    assertThat(ribLog)
        .as("the receiver's paths from the sender when each session ended")
        .filteredOn(line -> line.startsWith(SENDER + " down"))
        .containsExactlyElementsOf(
            nCopies(SENDER + " down: withdrawing its " + SessionWarmup.PREFIXES + " paths"));
  }

  private static List<String> nCopies(String line) {
    return Collections.nCopies(PASSES, line);
  }

  private static List<String> ribLogDuring(Runnable action) {
    Logger rib = (Logger) LoggerFactory.getLogger("dev.tabby.bgp.rib.RibCore");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    rib.addAppender(appender);
    try {
      action.run();
    } finally {
      rib.detachAppender(appender);
    }
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
