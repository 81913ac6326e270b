package dev.tabby.dataplane;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interfaces of a namespace and the networks their addresses connect, as a {@link
 * NetlinkMonitor} reports them (feed it one started with {@link NetlinkMonitor#startInterfaces}).
 * It answers through which interface a directly connected neighbour is reached, and tells its
 * listeners when an interface that was up (administratively and with carrier) goes down, loses its
 * carrier or goes away: the neighbours reached through it are then out of reach.
 */
public final class ConnectedInterfaces implements NetlinkMonitor.Listener {
  private static final Logger log = LoggerFactory.getLogger(ConnectedInterfaces.class);

  /** Told on the monitor's thread. */
  @FunctionalInterface
  public interface Listener {
    /** {@code link} was up and is not any more ({@code link.up()}/{@code lowerUp()} say how). */
    void wentDown(Link link);
  }

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  // Guarded by this; written on the monitor's thread.
  private final LinkStates states = new LinkStates();
  private final Map<Integer, Link> links = new HashMap<>();
  private final Map<Integer, Set<InterfaceAddress>> addresses = new HashMap<>();

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /**
   * The interface that holds {@code local} on a network that contains {@code neighbour}: the link a
   * session between the two runs over when the neighbour is directly connected. Empty when the
   * neighbour is on none of the networks of {@code local}'s interface (it is reached through a
   * router) or no interface holds {@code local}.
   */
  public synchronized Optional<Link> reaching(IpAddress local, IpAddress neighbour) {
    for (Map.Entry<Integer, Set<InterfaceAddress>> entry : addresses.entrySet()) {
      Set<InterfaceAddress> onLink = entry.getValue();
      boolean holdsLocal = onLink.stream().anyMatch(a -> a.address().equals(local));
      if (holdsLocal && onLink.stream().anyMatch(a -> connects(a, neighbour))) {
        return Optional.ofNullable(links.get(entry.getKey()));
      }
    }
    return Optional.empty();
  }

  private static boolean connects(InterfaceAddress address, IpAddress neighbour) {
    return address.address().family() == neighbour.family()
        && !address.address().equals(neighbour)
        && IpPrefix.containing(address.address(), address.prefixLength()).contains(neighbour);
  }

  @Override
  public void linkChanged(Link link, boolean deleted) {
    boolean wentDown;
    synchronized (this) {
      wentDown = states.update(link, deleted) == LinkStates.Transition.WENT_DOWN;
      links.put(link.index(), link);
    }
    // Told before a deleted link is forgotten, so listeners can still ask what it reached.
    if (wentDown) {
      listeners.forEach(listener -> listener.wentDown(link));
    }
    if (deleted) {
      synchronized (this) {
        links.remove(link.index());
        addresses.remove(link.index());
      }
    }
  }

  @Override
  public synchronized void addressChanged(InterfaceAddress address, boolean deleted) {
    if (deleted) {
      Set<InterfaceAddress> onLink = addresses.get(address.ifIndex());
      if (onLink != null && onLink.remove(address) && onLink.isEmpty()) {
        addresses.remove(address.ifIndex());
      }
    } else {
      addresses.computeIfAbsent(address.ifIndex(), index -> new HashSet<>()).add(address);
    }
  }

  /**
   * Notifications were lost: links and addresses are read again from the kernel (the monitor's
   * thread is in the namespace), and a link found down that was up is reported as gone down.
   */
  @Override
  public void overrun() {
    List<Link> present;
    List<InterfaceAddress> found;
    try (Netlink netlink = Netlink.open()) {
      present = netlink.links();
      found = netlink.addresses();
    } catch (RuntimeException e) {
      log.error("event=interfaces-not-reread reason=\"{}\"", e.getMessage());
      return;
    }
    Set<Integer> gone;
    synchronized (this) {
      gone = new HashSet<>(links.keySet());
      addresses.clear();
      found.forEach(address -> addressChanged(address, false));
    }
    for (Link link : present) {
      gone.remove(link.index());
      linkChanged(link, false);
    }
    for (int index : gone) {
      Link link;
      synchronized (this) {
        link = links.get(index);
      }
      if (link != null) {
        linkChanged(link, true);
      }
    }
  }
}
