package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** RFC 4271 §6.3: a route whose NEXT_HOP is our own address is not used. */
class OwnNextHopTest {
  /** Our address on the session: TestPeer's default local address. */
  private static final String OURS = "192.0.2.254";

  private final Logger ribLog = (Logger) LoggerFactory.getLogger(RibCore.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);
  private FakePeer peer;

  @BeforeEach
  void setUp() {
    logged.start();
    ribLog.addAppender(logged);
    peer = FakePeer.upIn(rib, ebgp("10.0.0.1", 65001));
  }

  @AfterEach
  void tearDown() {
    ribLog.detachAppender(logged);
  }

  @Test
  void routesPointingAtUsAreIgnoredAndLoggedOncePerSession() {
    announce(OURS, "10.1.0.0/24");
    announce(OURS, "10.2.0.0/24");
    announce("10.0.0.1", "10.3.0.0/24");

    assertThat(rib.bestPaths(RouteFilter.ALL, null, 10).routes())
        .extracting(path -> path.prefix().toString())
        .containsExactly("10.3.0.0/24");
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains("peer=10.0.0.1 event=next-hop-is-ours next-hop=" + OURS);

    // A new session logs again.
    rib.peerDown(peer.info.address());
    rib.peerUp(peer.info, peer);
    announce(OURS, "10.4.0.0/24");
    assertThat(warnings()).hasSize(2);
  }

  @Test
  void anEarlierRouteIsWithdrawnWhenItsNextHopBecomesOurs() {
    announce("10.0.0.1", "10.1.0.0/24");
    announce(OURS, "10.1.0.0/24");

    assertThat(rib.routeCount()).isZero();
  }

  private List<String> warnings() {
    return logged.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.contains("next-hop-is-ours"))
        .toList();
  }

  private void announce(String nextHop, String prefix) {
    rib.update(
        peer.info.address(),
        UpdateMessage.announce(
            attributes(nextHop, 65001).build(), List.<IpPrefix>of(prefix(prefix))));
    rib.flush();
  }
}
