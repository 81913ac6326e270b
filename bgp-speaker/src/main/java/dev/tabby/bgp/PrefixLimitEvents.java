package dev.tabby.bgp;

import com.google.common.net.InetAddresses;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The speaker's prefix-limit listeners; one that throws is logged and the others still hear. */
final class PrefixLimitEvents {
  private static final Logger log = LoggerFactory.getLogger(PrefixLimitEvents.class);

  private final List<PrefixLimitListener> listeners = new CopyOnWriteArrayList<>();

  void add(PrefixLimitListener listener) {
    listeners.add(listener);
  }

  boolean remove(PrefixLimitListener listener) {
    return listeners.remove(listener);
  }

  void publish(PrefixLimitEvent event) {
    for (PrefixLimitListener listener : listeners) {
      try {
        listener.prefixLimitCrossed(event);
      } catch (RuntimeException e) {
        log.error(
            "peer={} event=prefix-limit-listener-failed family={} reason=\"{}\"",
            InetAddresses.toAddrString(event.peer()),
            event.family(),
            e.toString());
      }
    }
  }
}
