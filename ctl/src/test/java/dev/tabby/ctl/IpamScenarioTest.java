package dev.tabby.ctl;

import org.junit.jupiter.api.BeforeEach;

/** A test of tabbyctl against a fresh {@link MockCluster} holding the {@link IpamScenario}. */
abstract class IpamScenarioTest extends MockClusterTest {
  IpamScenario scenario;

  @BeforeEach
  void assignAddresses() {
    scenario = new IpamScenario(cluster);
  }
}
