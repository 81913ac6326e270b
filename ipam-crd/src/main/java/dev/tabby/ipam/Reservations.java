package dev.tabby.ipam;

import dev.tabby.api.v1.IPReservation;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Every reserved range of every IPReservation: addresses the allocator must skip. */
public final class Reservations {
  private final List<IpPrefix> reserved;

  public Reservations(List<IpPrefix> reserved) {
    this.reserved = List.copyOf(reserved);
  }

  public static Reservations read(Datastore datastore) {
    return of(datastore.reservations().list());
  }

  public static Reservations of(Collection<IPReservation> objects) {
    List<IpPrefix> reserved = new ArrayList<>();
    for (IPReservation r : objects) {
      for (String text : r.getSpec().getReservedCIDRs()) {
        reserved.add(parse(r.getMetadata().getName(), text));
      }
    }
    return new Reservations(reserved);
  }

  private static IpPrefix parse(String reservation, String text) {
    try {
      if (text.contains("/")) {
        return IpPrefix.parseAndMask(text);
      }
      IpAddress address = IpAddress.parse(text);
      return IpPrefix.containing(address, address.family().bits());
    } catch (IllegalArgumentException e) {
      throw new IpamException("IPReservation " + reservation + ": " + e.getMessage());
    }
  }

  boolean contains(IpAddress address) {
    return reserved.stream().anyMatch(r -> r.contains(address));
  }

  boolean coversAll(IpPrefix block) {
    return reserved.stream().anyMatch(r -> r.contains(block));
  }
}
