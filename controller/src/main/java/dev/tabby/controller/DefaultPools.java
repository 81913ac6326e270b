package dev.tabby.controller;

import dev.tabby.api.v1.IPPool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pools a fresh install starts with, made from the controller's configuration (the bundle's
 * ConfigMap) rather than shipped as resources: an IPPool cannot be applied together with its CRD.
 * They are created only when the cluster has no IPPool at all, so a pool an operator edited is
 * never overwritten, and once any pool exists the defaults are never made again.
 */
final class DefaultPools {
  private static final Logger log = LoggerFactory.getLogger(DefaultPools.class);

  private final KubernetesClient client;
  private final List<IPPool> defaults;

  DefaultPools(KubernetesClient client, List<IPPool> defaults) {
    this.client = client;
    this.defaults = List.copyOf(defaults);
  }

  /** Creates the default pools if no IPPool exists; a failure throws, to be tried again. */
  void createIfNone() {
    if (defaults.isEmpty()) {
      return;
    }
    List<IPPool> existing = client.resources(IPPool.class).list().getItems();
    if (!existing.isEmpty()) {
      log.info("event=default-pools-skipped reason=\"{} IPPool(s) exist\"", existing.size());
      return;
    }
    for (IPPool pool : defaults) {
      create(pool);
    }
  }

  private void create(IPPool pool) {
    String name = pool.getMetadata().getName();
    try {
      client.resources(IPPool.class).resource(pool).create();
      log.info(
          "event=default-pool-created pool={} cidr={} blockSize={}",
          name,
          pool.getSpec().getCidr(),
          pool.getSpec().getBlockSize());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      log.info("event=default-pool-skipped pool={} reason=\"it exists already\"", name);
    }
  }
}
