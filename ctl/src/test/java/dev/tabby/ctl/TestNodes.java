package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMBlockSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Nodes, their conditions and their blocks, as the commands under test read them. */
final class TestNodes {

  private TestNodes() {}

  static Node node(String name, NodeCondition... conditions) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withConditions(conditions)
        .endStatus()
        .build();
  }

  static NodeCondition condition(String type, String status, String reason, String message) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  /** A block of {@code cidr} with a {@code host:NODE} affinity. */
  static IPAMBlock block(String cidr, String node) {
    IPAMBlock block = new IPAMBlock();
    block.setMetadata(
        new ObjectMetaBuilder().withName(cidr.replace('.', '-').replace('/', '-')).build());
    IPAMBlockSpec spec = new IPAMBlockSpec();
    spec.setCidr(cidr);
    spec.setAffinity("host:" + node);
    block.setSpec(spec);
    return block;
  }
}
