package dev.tabby.api.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An aligned slice of a pool, normally affine to one node, and the allocation state of every
 * address in it.
 */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class IPAMBlock extends CustomResource<IPAMBlockSpec, Void> {}
