package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A range of pod addresses, carved into blocks that nodes claim. Deleting a pool waits, through the
 * {@code tabby.dev/ipam} finalizer, until none of its blocks holds an address. tabby-controller
 * records in its status whether the pool is valid.
 */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class IPPool extends CustomResource<IPPoolSpec, IPPoolStatus> {
  /** Overridden only to mark {@code spec} required in the generated CRD. */
  @Override
  @Required
  public IPPoolSpec getSpec() {
    return super.getSpec();
  }

  /**
   * A pool named {@code name} covering {@code cidr}, cut into blocks of {@code blockSize} (null:
   * the family's default).
   */
  public static IPPool of(String name, String cidr, Integer blockSize) {
    IPPool pool = new IPPool();
    pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
    IPPoolSpec spec = new IPPoolSpec();
    spec.setCidr(cidr);
    spec.setBlockSize(blockSize);
    pool.setSpec(spec);
    return pool;
  }
}
