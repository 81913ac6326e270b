package dev.tabby.ipam;

import dev.tabby.ipam.pool.PoolScreen;
import dev.tabby.ipam.store.Datastore;

/** Where the allocator gets pools, settings and reservations for each request. */
public interface IpamConfigSource {
  IpamSnapshot snapshot();

  /** Reads the datastore on every request: always current, three API calls each time. */
  static IpamConfigSource direct(Datastore datastore) {
    PoolScreen screen = new PoolScreen();
    return () -> {
      PoolScreen.Screened pools = screen.screen(datastore.pools().list());
      return new IpamSnapshot(
          IpamSettings.read(datastore),
          pools.usable(),
          Reservations.read(datastore),
          pools.ignored());
    };
  }
}
