package dev.tabby.ipam;

import dev.tabby.ipam.store.ResourceStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * A store with compare-and-swap switched off: updates are sent without the resourceVersion they
 * read, so the API server applies them unconditionally and the last writer wins. Only for showing
 * that a test notices when the allocator's writes are not guarded.
 */
final class UnguardedStore<T extends HasMetadata> implements ResourceStore<T> {
  private final ResourceStore<T> delegate;

  UnguardedStore(ResourceStore<T> delegate) {
    this.delegate = delegate;
  }

  @Override
  public T update(T resource) {
    resource.getMetadata().setResourceVersion(null);
    return delegate.update(resource);
  }

  @Override
  public T create(T resource) {
    return delegate.create(resource);
  }

  @Override
  public String kind() {
    return delegate.kind();
  }

  @Override
  public Optional<T> get(String name) {
    return delegate.get(name);
  }

  @Override
  public List<T> list() {
    return delegate.list();
  }

  @Override
  public List<T> listWithLabel(String key, String value) {
    return delegate.listWithLabel(key, value);
  }

  @Override
  public boolean delete(String name) {
    return delegate.delete(name);
  }
}
