package dev.tabby.api.v1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Import and export rules for routes exchanged with peers that reference this filter. */
@Group(Tabby.GROUP)
@Version(Tabby.VERSION)
public class BGPFilter extends CustomResource<BGPFilterSpec, Void> {}
