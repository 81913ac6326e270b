package dev.tabby.system;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.List;

/** A Kubernetes API the lab reaches itself, through a fabric8 client. */
final class DirectApi implements ClusterApi {

  private final KubernetesClient client;

  DirectApi(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public <T extends HasMetadata> T apply(T resource) {
    resource.getMetadata().setResourceVersion(null);
    return client.resource(resource).createOr(NonDeletingOperation::update);
  }

  @Override
  public void delete(HasMetadata resource) {
    client.resource(resource).delete();
  }

  @Override
  public <T extends HasMetadata> List<T> list(Class<T> type) {
    return client.resources(type).inAnyNamespace().list().getItems();
  }

  @Override
  public void close() {
    client.close();
  }
}
