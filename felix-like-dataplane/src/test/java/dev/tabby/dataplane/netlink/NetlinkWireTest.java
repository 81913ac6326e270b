package dev.tabby.dataplane.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NetlinkWireTest {
  @Test
  void kernelErrorsNameTheErrnoItsTextAndWhatTheRequestWasAbout() {
    NetlinkException error =
        NetlinkException.fromErrno(19, "add route 10.0.0.0/24 dev #9", "Device not found");

    assertThat(error.errno()).isEqualTo(19);
    assertThat(error.getMessage())
        .isEqualTo("add route 10.0.0.0/24 dev #9: ENODEV (No such device): Device not found");
    assertThat(NetlinkException.fromErrno(105, "receive"))
        .isInstanceOf(NetlinkOverrunException.class);
    assertThat(Errno.name(200)).isEqualTo("errno 200");
  }

  @Test
  void attributesAreWrittenAlignedAndNestedAndWalkedBack() {
    ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    MessageWriter writer = new MessageWriter(buffer);
    writer.attrString(3, "eth0");
    int nested = writer.beginNested(18);
    writer.attrU32(4, 1500);
    writer.endNested(nested);

    // "eth0\0" is 9 bytes with the header, padded to 12.
    assertThat(buffer.position()).isEqualTo(12 + 12);
    AttributeCursor cursor = new AttributeCursor().reset(buffer, 0, buffer.position());
    assertThat(cursor.next()).isTrue();
    assertThat(cursor.string()).isEqualTo("eth0");
    assertThat(cursor.next()).isTrue();
    assertThat(cursor.type()).isEqualTo(18);
    AttributeCursor inner =
        new AttributeCursor().reset(buffer, cursor.valueOffset(), cursor.valueEnd());
    assertThat(inner.next()).isTrue();
    assertThat(inner.u32()).isEqualTo(1500);
    assertThat(inner.next()).isFalse();
    assertThat(cursor.next()).isFalse();
  }

  @Test
  void aMalformedAttributeEndsTheWalkInsteadOfReadingPastTheMessage() {
    ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putShort(0, (short) 8).putShort(2, (short) 1).putInt(4, 7);
    buffer.putShort(8, (short) 40).putShort(10, (short) 2);

    AttributeCursor cursor = new AttributeCursor().reset(buffer, 0, 16);

    assertThat(cursor.next()).isTrue();
    assertThat(cursor.u32()).isEqualTo(7);
    assertThat(cursor.next()).isFalse();
  }
}
