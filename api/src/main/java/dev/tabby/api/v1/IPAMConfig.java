package dev.tabby.api.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Cluster-wide IPAM settings; the allocator reads the object named {@code default}. */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class IPAMConfig extends CustomResource<IPAMConfigSpec, Void> {}
