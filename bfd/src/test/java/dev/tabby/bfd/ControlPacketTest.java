package dev.tabby.bfd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ControlPacketTest {
  private static final ControlPacket UP_POLL =
      new ControlPacket(
          Diagnostic.CONTROL_DETECTION_TIME_EXPIRED,
          BfdState.UP,
          true,
          false,
          false,
          false,
          3,
          0x11223344,
          0x55667788,
          100_000,
          200_000,
          0);

  @Test
  void encodesTheFieldsOfRfc5880Section4_1() {
    assertThat(HexFormat.of().formatHex(UP_POLL.toBytes()))
        .isEqualTo("21e00318" + "11223344" + "55667788" + "000186a0" + "00030d40" + "00000000");
  }

  @Test
  void decodesWhatItEncodes() throws Exception {
    byte[] bytes = UP_POLL.toBytes();
    assertThat(ControlPacket.decode(ByteBuffer.wrap(bytes), bytes.length)).isEqualTo(UP_POLL);
  }

  @Test
  void readsIntervalsAsUnsigned() throws Exception {
    byte[] bytes = UP_POLL.toBytes();
    ByteBuffer.wrap(bytes).putInt(12, 0xffffffff);
    assertThat(ControlPacket.decode(ByteBuffer.wrap(bytes), bytes.length).desiredMinTxMicros())
        .isEqualTo(0xffffffffL);
  }

  @Test
  void discardsWhatSection6_8_6Discards() {
    assertRejected(b -> b.put(0, (byte) 0x41), "version 2");
    assertRejected(b -> b.put(3, (byte) 20), "length field 20");
    assertRejected(b -> b.put(3, (byte) 30), "more than the 24 bytes");
    assertRejected(b -> b.put(2, (byte) 0), "detect multiplier 0");
    assertRejected(b -> b.put(1, (byte) 0xe1), "multipoint");
    assertRejected(b -> b.putInt(4, 0), "my discriminator 0");
    assertRejected(b -> b.put(1, (byte) 0xe4), "authentication present");
    assertThatThrownBy(() -> ControlPacket.decode(ByteBuffer.wrap(new byte[23]), 23))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("shorter than 24");
  }

  private interface Mutation {
    void apply(ByteBuffer bytes);
  }

  private static void assertRejected(Mutation mutation, String reason) {
    byte[] bytes = UP_POLL.toBytes();
    mutation.apply(ByteBuffer.wrap(bytes));
    assertThatThrownBy(() -> ControlPacket.decode(ByteBuffer.wrap(bytes), bytes.length))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining(reason);
  }
}
