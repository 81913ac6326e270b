package dev.tabby.ctl;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of tabbyctl against a fresh {@link MockCluster}, started and stopped around each test. */
abstract class MockClusterTest {
  @TempDir Path dir;

  MockCluster cluster;

  @BeforeEach
  void startCluster() throws IOException {
    cluster = new MockCluster(dir);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }
}
