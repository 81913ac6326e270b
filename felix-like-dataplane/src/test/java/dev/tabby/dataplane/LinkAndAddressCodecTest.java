package dev.tabby.dataplane;

import static dev.tabby.dataplane.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.MessageWriter;
import dev.tabby.dataplane.netlink.Rtnl;
import dev.tabby.net.IpAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LinkAndAddressCodecTest {
  @Test
  void vethPairNestsThePeerInsideLinkInfoData() {
    ByteBuffer buffer = Bytes.buffer(512);

    LinkCodec.createVeth(new MessageWriter(buffer), 3, "va", "vb", 9);

    assertThat(Bytes.written(buffer))
        .isEqualTo(
            hex(
                """
                60000000 1000 0506 03000000 00000000
                00 00 0000 00000000 00000000 00000000
                0700 0300 76610000
                3800 1200
                  0900 0100 76657468 00000000
                  2800 0200
                    2400 0100
                      00 00 0000 00000000 00000000 00000000
                      0700 0300 76620000
                      0800 1c00 09000000
                """));
  }

  @Test
  void aLinkIsAskedForByNameWithoutADump() {
    ByteBuffer buffer = Bytes.buffer(512);

    LinkCodec.getByName(new MessageWriter(buffer), 3, "va");

    // NLM_F_REQUEST only: no NLM_F_DUMP, so the kernel answers with the one link.
    assertThat(Bytes.written(buffer))
        .isEqualTo(
            hex(
                """
                28000000 1200 0100 03000000 00000000
                00 00 0000 00000000 00000000 00000000
                0700 0300 76610000
                """));
  }

  @Test
  void decodesNameFlagsMtuMacAndKind() {
    ByteBuffer buffer = Bytes.buffer(512);
    MessageWriter w = new MessageWriter(buffer);
    int start = LinkCodec.beginChange(w, 1, 5, Rtnl.IFF_UP | Rtnl.IFF_LOWER_UP, 0);
    w.attrString(Rtnl.IFLA_IFNAME, "eth0");
    w.attrU32(Rtnl.IFLA_MTU, 1500);
    w.attrBytes(Rtnl.IFLA_ADDRESS, hex("020000aabbcc"));
    int info = w.beginNested(Rtnl.IFLA_LINKINFO);
    w.attrString(Rtnl.IFLA_INFO_KIND, "veth");
    w.endNested(info);
    w.endMessage(start);

    Link link = LinkCodec.decode(buffer, 0, buffer.position(), new AttributeCursor());

    assertThat(link).isEqualTo(new Link(5, "eth0", true, true, 1500, "02:00:00:aa:bb:cc", "veth"));
  }

  @Test
  void ipv6AddressesSkipDuplicateAddressDetection() {
    ByteBuffer buffer = Bytes.buffer(512);
    InterfaceAddress address = new InterfaceAddress(4, IpAddress.parse("2001:db8::1"), 64);

    AddressCodec.write(new MessageWriter(buffer), Rtnl.RTM_NEWADDR, 2, address);

    byte[] bytes = Bytes.written(buffer);
    assertThat(bytes).startsWith(hex("40000000 1400 0505 02000000 00000000 0a 40 02 00 04000000"));
    ByteBuffer parsed = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(AddressCodec.decode(parsed, 0, bytes.length, new AttributeCursor()))
        .isEqualTo(address);
  }

  @Test
  void macAddressesParseAndPrint() {
    assertThat(LinkCodec.formatMac(LinkCodec.parseMac("0A:00:27:00:00:01")))
        .isEqualTo("0a:00:27:00:00:01");
  }
}
