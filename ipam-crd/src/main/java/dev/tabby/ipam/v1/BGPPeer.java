package dev.tabby.ipam.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A BGP peering that some or all nodes establish. */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class BGPPeer extends CustomResource<BGPPeerSpec, Void> {}
