package dev.tabby.ipam.store;

import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMConfig;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPReservation;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The IPAM objects in the datastore, one store per kind. */
public record Datastore(
    ResourceStore<IPPool> pools,
    ResourceStore<IPAMBlock> blocks,
    ResourceStore<BlockAffinity> affinities,
    ResourceStore<IPAMHandle> handles,
    ResourceStore<IPAMConfig> configs,
    ResourceStore<IPReservation> reservations) {

  /** The datastore behind the Kubernetes API that {@code client} talks to. */
  public static Datastore kubernetes(KubernetesClient client) {
    return new Datastore(
        new KubernetesResourceStore<>(client, IPPool.class),
        new KubernetesResourceStore<>(client, IPAMBlock.class),
        new KubernetesResourceStore<>(client, BlockAffinity.class),
        new KubernetesResourceStore<>(client, IPAMHandle.class),
        new KubernetesResourceStore<>(client, IPAMConfig.class),
        new KubernetesResourceStore<>(client, IPReservation.class));
  }
}
