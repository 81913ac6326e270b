package dev.tabby.bgp.session;

import static dev.tabby.bgp.session.ReadThrottle.HIGH_WATERMARK_BYTES;
import static dev.tabby.bgp.session.ReadThrottle.LOW_WATERMARK_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.ExtendedMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadThrottleTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<String> events = new ArrayList<>();
  private final ReadThrottle throttle = new ReadThrottle(channel, throttleListener());

  private ReadThrottle.Listener throttleListener() {
    return new ReadThrottle.Listener() {
      @Override
      public void readingPaused() {
        events.add("paused");
      }

      @Override
      public void readingResumed() {
        events.add("resumed");
      }
    };
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  /** A full UPDATE without extended messages. */
  private static final int FULL = ExtendedMessages.STANDARD_MAX_LENGTH;

  /** A full UPDATE with extended messages (RFC 8654). */
  private static final int EXTENDED_FULL = ExtendedMessages.EXTENDED_MAX_LENGTH;

  /** How many full 4,096-byte UPDATEs the high and low watermarks hold. */
  private static final int HIGH = (int) (HIGH_WATERMARK_BYTES / FULL);

  private static final int LOW = (int) (LOW_WATERMARK_BYTES / FULL);

  @Test
  void readingStopsAt256Full4KiBUpdatesAndResumesAt64() {
    assertThat(HIGH).isEqualTo(256);
    assertThat(LOW).isEqualTo(64);
    receive(HIGH - 1, FULL);
    assertThat(channel.config().isAutoRead()).isTrue();
    receive(1, FULL);
    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(throttle.paused()).isTrue();

    process(HIGH - LOW - 1);
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).as("still above the low watermark").isFalse();
    process(1);
    channel.runPendingTasks();

    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(throttle.outstanding()).isEqualTo(LOW);
    assertThat(events).containsExactly("paused", "resumed");
  }

  @Test
  void extendedUpdatesAreHeldToTheSameBytesNotToTheSameCount() {
    receive(16, EXTENDED_FULL);
    assertThat(channel.config().isAutoRead()).as("16 x 65,535 bytes is just below 1 MiB").isTrue();
    receive(1, EXTENDED_FULL);
    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(throttle.outstandingBytes())
        .isLessThanOrEqualTo(HIGH_WATERMARK_BYTES + EXTENDED_FULL);

    process(12);
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).as("5 x 64 KiB is above 256 KiB").isFalse();
    process(1);
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void smallUpdatesAreChargedAFullOneSoThatAt256ReadingStillStops() {
    receive(HIGH - 1, 60);
    assertThat(channel.config().isAutoRead()).isTrue();
    receive(1, 60);
    assertThat(channel.config().isAutoRead()).isFalse();
  }

  @Test
  void eachProcessedUpdateGivesBackTheChargeOfTheOldestOneRead() {
    throttle.received(100);
    throttle.received(EXTENDED_FULL);
    assertThat(throttle.outstandingBytes()).isEqualTo(FULL + EXTENDED_FULL);
    throttle.processed();
    assertThat(throttle.outstandingBytes()).isEqualTo(EXTENDED_FULL);
    throttle.processed();
    throttle.processed();
    assertThat(throttle.outstandingBytes()).isZero();
    assertThat(throttle.outstanding()).isZero();
  }

  @Test
  void inThePipelineOnlyUpdateFramesAreCountedAndEveryFrameGoesOn() {
    EmbeddedChannel piped = new EmbeddedChannel();
    ReadThrottle counting = new ReadThrottle(piped, throttleListener());
    piped.pipeline().addLast(counting);
    ByteBuf update = frame(BgpMessage.TYPE_UPDATE, 5000);
    ByteBuf keepalive = frame(BgpMessage.TYPE_KEEPALIVE, 19);
    piped.writeInbound(update, keepalive);

    assertThat(counting.outstandingBytes()).isEqualTo(5000);
    assertThat(counting.outstanding()).isEqualTo(1);
    assertThat((Object) piped.readInbound()).isSameAs(update);
    assertThat((Object) piped.readInbound()).isSameAs(keepalive);
    piped.finishAndReleaseAll();
    update.release();
    keepalive.release();
  }

  @Test
  void aClosingConnectionReadsAgainAndPausesNoMore() {
    receive(HIGH, FULL);
    throttle.release();
    assertThat(channel.config().isAutoRead()).isTrue();

    receive(HIGH, FULL);
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(events).containsExactly("paused");
  }

  /** A frame of the type and length: header and zeros. */
  private static ByteBuf frame(int type, int length) {
    ByteBuf frame = Unpooled.buffer(length);
    frame.writeBytes(new byte[16]).writeShort(length).writeByte(type).writeZero(length - 19);
    return frame;
  }

  private void receive(int updates, int length) {
    for (int i = 0; i < updates; i++) {
      throttle.received(length);
    }
  }

  private void process(int updates) {
    for (int i = 0; i < updates; i++) {
      throttle.processed();
    }
  }
}
