package dev.tabby.ipam;

import dev.tabby.ipam.pool.Pool;
import dev.tabby.ipam.store.Datastore;

/** Where the allocator gets pools, settings and reservations for each request. */
public interface IpamConfigSource {
  IpamSnapshot snapshot();

  /** Reads the datastore on every request: always current, three API calls each time. */
  static IpamConfigSource direct(Datastore datastore) {
    return () ->
        new IpamSnapshot(
            IpamSettings.read(datastore),
            datastore.pools().list().stream().map(Pool::of).toList(),
            Reservations.read(datastore));
  }
}
