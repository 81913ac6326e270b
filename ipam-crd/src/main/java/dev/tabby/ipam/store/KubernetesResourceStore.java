package dev.tabby.ipam.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/** A {@link ResourceStore} over the Kubernetes API. */
public final class KubernetesResourceStore<T extends HasMetadata> implements ResourceStore<T> {
  private final MixedOperation<T, KubernetesResourceList<T>, Resource<T>> api;
  private final String kind;

  public KubernetesResourceStore(KubernetesClient client, Class<T> type) {
    this.api = client.resources(type);
    this.kind = HasMetadata.getKind(type);
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public Optional<T> get(String name) {
    return Optional.ofNullable(api.withName(name).get());
  }

  @Override
  public List<T> list() {
    return api.list().getItems();
  }

  @Override
  public List<T> listWithLabel(String key, String value) {
    return api.withLabel(key, value).list().getItems();
  }

  @Override
  public T create(T resource) {
    try {
      return api.resource(resource).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new ConflictException(kind, resource.getMetadata().getName(), "already exists");
      }
      throw e;
    }
  }

  @Override
  public T update(T resource) {
    try {
      return api.resource(resource).update();
    } catch (KubernetesClientException e) {
      String name = resource.getMetadata().getName();
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new ConflictException(kind, name, "changed since it was read");
      }
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        throw new ConflictException(kind, name, "was deleted since it was read");
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String name) {
    return !api.withName(name).delete().isEmpty();
  }
}
