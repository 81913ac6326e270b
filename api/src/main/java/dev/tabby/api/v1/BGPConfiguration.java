package dev.tabby.api.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Cluster-wide BGP settings; the node agents read the object named {@code default}. */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class BGPConfiguration extends CustomResource<BGPConfigurationSpec, Void> {}
