package dev.tabby.api.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A node's claim on a block: pending while the claim is made, confirmed once the block is written.
 */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
@Plural("blockaffinities")
public class BlockAffinity extends CustomResource<BlockAffinitySpec, Void> {}
