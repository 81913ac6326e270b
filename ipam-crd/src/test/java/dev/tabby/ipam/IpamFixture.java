package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMConfig;
import dev.tabby.api.v1.IPAMConfigSpec;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPReservation;
import dev.tabby.api.v1.IPReservationSpec;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.testbench.kube.KubeObjects;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Objects the IPAM tests put into the mock API server. */
final class IpamFixture {
  final KubernetesClient client;
  final Datastore datastore;
  final ClusterView cluster;

  IpamFixture(KubernetesClient client) {
    this.client = client;
    this.datastore = Datastore.kubernetes(client);
    this.cluster = new KubernetesClusterView(client);
  }

  static ConflictRetry quickRetry() {
    return new ConflictRetry(25, Duration.ofMillis(1), Duration.ofMillis(20));
  }

  IpamAllocator allocator() {
    return new IpamAllocator(datastore, cluster, quickRetry());
  }

  void node(String name, Map<String, String> labels) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  void node(String name) {
    node(name, Map.of());
  }

  void deleteNode(String name) {
    client.nodes().withName(name).delete();
  }

  void pod(String namespace, String name) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(KubeObjects.pod(namespace, name).build())
        .create();
  }

  /** The UID the API server gave the pod. */
  String podUid(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get().getMetadata().getUid();
  }

  /** Sets the addresses the pod's status reports, as the kubelet does once its sandbox is up. */
  void podAddresses(String namespace, String name, IpAddress... addresses) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            p -> {
              p.setStatus(new PodStatus());
              for (IpAddress a : addresses) {
                p.getStatus().getPodIPs().add(new PodIP(a.toString()));
              }
              return p;
            });
  }

  void deletePod(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  IPPool pool(String name, String cidr, Integer blockSize) {
    return datastore.pools().create(IPPool.of(name, cidr, blockSize));
  }

  void config(boolean strictAffinity, int maxBlocksPerHost) {
    IPAMConfig config = new IPAMConfig();
    config.setMetadata(new ObjectMetaBuilder().withName("default").build());
    IPAMConfigSpec spec = new IPAMConfigSpec();
    spec.setStrictAffinity(strictAffinity);
    spec.setMaxBlocksPerHost(maxBlocksPerHost);
    config.setSpec(spec);
    datastore.configs().create(config);
  }

  /**
   * Releases a handle's only address, by handle or by address and sequence number at random, and
   * checks what the allocator answers.
   */
  static void releaseEitherWay(
      IpamAllocator ipam, String handle, IpAddress address, long sequence, Random random) {
    if (random.nextBoolean()) {
      assertThat(ipam.releaseByHandle(handle)).containsExactly(address);
    } else {
      assertThat(ipam.releaseAddress(address, sequence)).isEqualTo(ReleaseOutcome.RELEASED);
      // The handle had only this address, so its IPAMHandle is gone too.
      assertThat(ipam.releaseByHandle(handle)).isEmpty();
    }
  }

  /** Every address the blocks hold, with its handle; fails if two blocks hold one address. */
  Map<IpAddress, String> storedAllocations() {
    Map<IpAddress, String> stored = new HashMap<>();
    for (IPAMBlock block : datastore.blocks().list()) {
      for (BlockAllocations.Allocation a :
          new BlockAllocations(block.getSpec()).allocations().values()) {
        if (stored.put(a.address(), a.handleId()) != null) {
          throw new AssertionError(a.address() + " is held by two blocks");
        }
      }
    }
    return stored;
  }

  /** The requests the mock server has received since the last call, as "METHOD path". */
  static List<String> requestsSince(KubernetesMockServer server) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
      seen.add(r.getMethod() + " " + r.getPath());
    }
    return seen;
  }

  void reserve(String name, String... cidrs) {
    IPReservation r = new IPReservation();
    r.setMetadata(new ObjectMetaBuilder().withName(name).build());
    IPReservationSpec spec = new IPReservationSpec();
    spec.setReservedCIDRs(List.of(cidrs));
    r.setSpec(spec);
    datastore.reservations().create(r);
  }
}
