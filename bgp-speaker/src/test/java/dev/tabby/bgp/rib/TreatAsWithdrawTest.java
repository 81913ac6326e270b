package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tabby.bgp.wire.BgpCodec;
import dev.tabby.bgp.wire.BgpProtocolException;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.UpdateMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An UPDATE the decoder treats as withdraw (RFC 7606) takes back the route the same peer announced
 * before, as decoded from real bytes, and the RIB logs why.
 */
class TreatAsWithdrawTest {
  private static final String MARKER = "ffffffffffffffffffffffffffffffff";
  private static final String AS_PATH = "40 02 06 02 01 0000fde9"; // 4-octet: 65001
  private static final String NEXT_HOP = "40 03 04 0a000001";
  private static final String NLRI = "18 0a0100"; // 10.1.0.0/24

  private final Logger ribLog = (Logger) LoggerFactory.getLogger(RibCore.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final List<BestPathChange> changes = new ArrayList<>();
  private final PeerInfo peer = ebgp("10.0.0.1", 65001).build();
  private final CodecContext context = new CodecContext(true, peer.families());
  private RibCore rib;

  @BeforeEach
  void setUp() {
    logged.start();
    ribLog.addAppender(logged);
    rib = new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);
    rib.addListener(changes::addAll);
    rib.peerUp(peer, buffer -> buffer.release());
    rib.flush();
  }

  @AfterEach
  void tearDown() {
    ribLog.detachAppender(logged);
  }

  @Test
  void aMalformedUpdateWithdrawsThePeersEarlierRouteAndIsLogged() throws BgpProtocolException {
    rib.update(peer.address(), decode("40 01 01 00" + AS_PATH + NEXT_HOP));
    rib.flush();
    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.1.0.0/24"));
    changes.clear();

    // ORIGIN 5 does not exist: RFC 7606 §7.1 says treat-as-withdraw.
    UpdateMessage malformed = decode("40 01 01 05" + AS_PATH + NEXT_HOP);
    assertThat(malformed.treatAsWithdrawReason()).isPresent();
    rib.update(peer.address(), malformed);
    rib.flush();

    assertThat(rib.bestPaths()).isEmpty();
    assertThat(changes)
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.prefix()).isEqualTo(prefix("10.1.0.0/24"));
              assertThat(change.best()).isNull();
            });
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .asString()
        .contains("10.0.0.1", malformed.treatAsWithdrawReason().get());
  }

  @Test
  void aFloodOfMalformedUpdatesIsLoggedOnceThenCounted() throws BgpProtocolException {
    UpdateMessage malformed = decode("40 01 01 05" + AS_PATH + NEXT_HOP);
    for (int i = 0; i < 100; i++) {
      rib.update(peer.address(), malformed);
    }

    // The first in full; the rest within the 10 s interval are counted, not logged (unless this
    // loop took longer than an interval, which would log one more line with a count).
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .hasSizeBetween(1, 2)
        .first()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .contains("10.0.0.1", malformed.treatAsWithdrawReason().get());
  }

  /** One UPDATE with these path attributes announcing 10.1.0.0/24, decoded as from the wire. */
  private UpdateMessage decode(String attributesHex) throws BgpProtocolException {
    byte[] attributes = ByteBufUtil.decodeHexDump(attributesHex.replace(" ", ""));
    byte[] nlri = ByteBufUtil.decodeHexDump(NLRI.replace(" ", ""));
    int length = 19 + 2 + 2 + attributes.length + nlri.length;
    String hex =
        MARKER
            + String.format("%04x02", length)
            + "0000"
            + String.format("%04x", attributes.length)
            + ByteBufUtil.hexDump(attributes)
            + ByteBufUtil.hexDump(nlri);
    return (UpdateMessage)
        BgpCodec.decode(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)), context);
  }
}
