package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMConfig;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPReservation;
import dev.tabby.ipam.pool.PoolScreen;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pools, IPAMConfig and reservations kept current by informers, so a request costs no API call for
 * them. Pool edits reach the allocator as soon as the watch delivers them; invalid and overlapping
 * pools are left out ({@link PoolScreen}).
 */
public final class WatchedIpamConfig implements IpamConfigSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchedIpamConfig.class);

  private final SharedIndexInformer<IPPool> pools;
  private final SharedIndexInformer<IPAMConfig> configs;
  private final SharedIndexInformer<IPReservation> reservations;
  private final PoolScreen screen = new PoolScreen();

  /** Starts the informers and returns once each has listed its kind. */
  public WatchedIpamConfig(KubernetesClient client) {
    this.pools = client.resources(IPPool.class).inform();
    this.configs = client.resources(IPAMConfig.class).inform();
    this.reservations = client.resources(IPReservation.class).inform();
    log.info("watching IPPools, IPAMConfig and IPReservations");
  }

  @Override
  public IpamSnapshot snapshot() {
    IPAMConfig config =
        configs.getStore().list().stream()
            .filter(c -> IpamSettings.CONFIG_NAME.equals(c.getMetadata().getName()))
            .findFirst()
            .orElse(null);
    PoolScreen.Screened current = screen.screen(pools.getStore().list());
    return new IpamSnapshot(
        IpamSettings.of(config),
        current.usable(),
        Reservations.of(reservations.getStore().list()),
        current.ignored());
  }

  @Override
  public void close() {
    pools.close();
    configs.close();
    reservations.close();
  }
}
