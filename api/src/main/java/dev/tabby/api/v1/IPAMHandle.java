package dev.tabby.api.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An allocation handle (network name + container ID) and how many addresses it holds in each block.
 */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class IPAMHandle extends CustomResource<IPAMHandleSpec, Void> {}
