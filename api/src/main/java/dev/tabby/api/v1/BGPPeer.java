package dev.tabby.api.v1;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A BGP peering that some or all nodes establish. */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class BGPPeer extends CustomResource<BGPPeerSpec, Void> {

  /** A peering named {@code name} of every node with {@code peerIP} in AS {@code asNumber}. */
  public static BGPPeer of(String name, String peerIP, Long asNumber) {
    BGPPeer peer = new BGPPeer();
    peer.setMetadata(new ObjectMetaBuilder().withName(name).build());
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setPeerIP(peerIP);
    spec.setAsNumber(asNumber);
    peer.setSpec(spec);
    return peer;
  }
}
