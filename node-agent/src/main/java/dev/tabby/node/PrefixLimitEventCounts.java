package dev.tabby.node;

import dev.tabby.bgp.PrefixLimitEvent;
import dev.tabby.bgp.PrefixLimitListener;
import dev.tabby.bgp.wire.AddressFamily;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many prefix-limit events of each kind each peer's family has had since the agent started.
 * Counted on the speaker's RIB thread, read at scrape time.
 */
final class PrefixLimitEventCounts implements PrefixLimitListener {

  private record Key(InetAddress peer, AddressFamily family, PrefixLimitEvent.Kind kind) {}

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void prefixLimitCrossed(PrefixLimitEvent event) {
    counts
        .computeIfAbsent(
            new Key(event.peer(), event.family(), event.kind()), key -> new LongAdder())
        .increment();
  }

  /** The events of {@code kind} so far, zero if none. */
  long count(InetAddress peer, AddressFamily family, PrefixLimitEvent.Kind kind) {
    LongAdder count = counts.get(new Key(peer, family, kind));
    return count == null ? 0 : count.sum();
  }
}
