package dev.tabby.api.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Addresses inside pools that IPAM must never hand out. */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class IPReservation extends CustomResource<IPReservationSpec, Void> {}
