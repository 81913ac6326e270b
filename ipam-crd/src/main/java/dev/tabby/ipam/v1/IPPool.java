package dev.tabby.ipam.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A range of pod addresses, carved into blocks that nodes claim. */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class IPPool extends CustomResource<IPPoolSpec, Void> {}
