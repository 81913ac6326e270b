package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.path;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an export pass reports it sent. */
class ExporterTest {
  private final AttributeInterner interner = new AttributeInterner();
  private final Exporter exporter =
      new Exporter(new ExportRules(null), interner, UnpooledByteBufAllocator.DEFAULT);

  @Test
  void theCountIsWhatWasSentNotWhatSplitHorizonKeptBack() {
    PeerInfo internalSource = ibgp("10.0.0.1").build();
    Map<IpPrefix, Path> best = new LinkedHashMap<>();
    best.put(
        prefix("10.1.0.0/24"), path(attributes("10.0.0.1").localPref(100).build(), internalSource));
    best.put(prefix("10.2.0.0/24"), path(PathAttributes.builder().build(), null));
    FakePeer first = new FakePeer(ibgp("10.0.0.2").build());
    FakePeer second = new FakePeer(ibgp("10.0.0.3").build());
    ExportGroup group = new ExportGroup(ExportProfile.of(first.info));

    int sent =
        exporter.export(
            List.copyOf(best.keySet()),
            List.copyOf(best.values()),
            List.of(
                new PeerState(first.info, first, group, interner),
                new PeerState(second.info, second, group, interner)));

    assertThat(first.table()).containsOnlyKeys(prefix("10.2.0.0/24"));
    assertThat(sent).as("the originated route, once per peer").isEqualTo(2);
  }
}
