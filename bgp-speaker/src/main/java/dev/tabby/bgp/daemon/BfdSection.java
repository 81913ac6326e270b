package dev.tabby.bgp.daemon;

import dev.tabby.bfd.BfdParameters;
import dev.tabby.bfd.BfdPeer;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A peer's or a peer range's {@code bfd:} key: {@code {enabled, minTxMs, minRxMs, multiplier,
 * multihop, minimumTtl}}, the same settings as a BGPPeer's {@code spec.bfd}. Present means enabled
 * unless {@code enabled: false}.
 */
final class BfdSection {
  private static final Set<String> FIELDS =
      Set.of("enabled", "minTxMs", "minRxMs", "multiplier", "multihop", "minimumTtl");

  private BfdSection() {}

  /** The peers (already checked by the peer parser) with BFD enabled, with their options. */
  static Map<InetAddress, BfdOptions> of(ConfigNode peers) {
    return enabled(peers, peer -> peer.field("address").address());
  }

  /**
   * The peer ranges (already checked by the range parser) whose dynamic neighbours get BFD, by
   * prefix, with their options.
   */
  static Map<IpPrefix, BfdOptions> ofRanges(ConfigNode ranges) {
    return enabled(ranges, range -> IpPrefix.parse(range.field("prefix").text()));
  }

  private static <K> Map<K, BfdOptions> enabled(ConfigNode list, Function<ConfigNode, K> key) {
    Map<K, BfdOptions> result = new HashMap<>();
    for (ConfigNode entry : list.list()) {
      BfdOptions options = options(entry.field("bfd"));
      if (options != null) {
        result.put(key.apply(entry), options);
      }
    }
    return result;
  }

  private static BfdOptions options(ConfigNode node) {
    if (!node.present()) {
      return null;
    }
    node.mapping(FIELDS);
    boolean enabled = node.field("enabled").bool(true);
    BfdParameters defaults = BfdParameters.DEFAULT;
    BfdParameters parameters =
        BfdParameters.ofMillis(
            node.field("minTxMs").longIn(1, 60_000, defaults.desiredMinTx().toMillis()),
            node.field("minRxMs").longIn(1, 60_000, defaults.requiredMinRx().toMillis()),
            (int) node.field("multiplier").longIn(1, 255, defaults.detectMultiplier()));
    boolean multihop = node.field("multihop").bool(false);
    ConfigNode minimumTtl = node.field("minimumTtl");
    if (minimumTtl.present() && !multihop) {
      throw minimumTtl.error("applies to multihop sessions only (single hop accepts only TTL 255)");
    }
    BfdOptions options =
        multihop
            ? BfdOptions.multihop(
                parameters, (int) minimumTtl.longIn(1, 255, BfdPeer.DEFAULT_MULTIHOP_MINIMUM_TTL))
            : BfdOptions.singleHop(parameters);
    return enabled ? options : null;
  }
}
