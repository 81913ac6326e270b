package dev.tabby.ipam.v1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A range of pod addresses, carved into blocks that nodes claim. Deleting a pool waits, through the
 * {@code tabby.dev/ipam} finalizer, until none of its blocks holds an address.
 */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class IPPool extends CustomResource<IPPoolSpec, Void> {
  /** Overridden only to mark {@code spec} required in the generated CRD. */
  @Override
  @Required
  public IPPoolSpec getSpec() {
    return super.getSpec();
  }
}
