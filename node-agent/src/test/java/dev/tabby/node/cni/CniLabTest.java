package dev.tabby.node.cni;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link CniLab} for every test, against a fresh mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true, https = false)
abstract class CniLabTest {
  KubernetesClient client;
  CniLab cni;

  @BeforeEach
  void startLab() throws Exception {
    cni = CniLab.start(client);
  }

  @AfterEach
  void closeLab() {
    cni.close();
  }
}
