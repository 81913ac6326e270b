package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void aBlockIsNamedByItsAddressAndLength() {
    assertThat(Names.block(IpPrefix.parse("10.244.0.64/26"))).isEqualTo("10-244-0-64-26");
    assertThat(Names.block(IpPrefix.parse("fd00:10:244::c0/122")))
        .isEqualTo("fd00-10-244-0-0-0-0-c0-122");
    assertThat(Names.affinity("node-1", IpPrefix.parse("10.244.0.64/26")))
        .isEqualTo("node-1-10-244-0-64-26");
  }

  @Test
  void aHandleIdBecomesAValidObjectName() {
    assertThat(Names.handle("k8s-pod-network.ABC_123")).isEqualTo("k8s-pod-network.abc-123");
  }
}
