package dev.tabby.ipam;

import dev.tabby.ipam.store.ConflictException;
import dev.tabby.ipam.store.ResourceStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Makes a fraction of compare-and-swap updates lose: just before the write it rewrites the stored
 * object with a changed annotation, which moves its resourceVersion on, as a racing writer would
 * (an unchanged rewrite would not: the API server keeps the resourceVersion of a no-op update).
 */
final class ConflictInjectingStore<T extends HasMetadata> implements ResourceStore<T> {
  private static final String INJECTED_ANNOTATION = "test.tabby.dev/conflict-injected";

  private final ResourceStore<T> delegate;
  private final double rate;
  private final LongAdder injected = new LongAdder();

  ConflictInjectingStore(ResourceStore<T> delegate, double rate) {
    this.delegate = delegate;
    this.rate = rate;
  }

  long injected() {
    return injected.sum();
  }

  @Override
  public T update(T resource) {
    if (ThreadLocalRandom.current().nextDouble() < rate) {
      delegate
          .get(resource.getMetadata().getName())
          .ifPresent(
              current -> {
                current
                    .getMetadata()
                    .getAnnotations()
                    .put(INJECTED_ANNOTATION, UUID.randomUUID().toString());
                try {
                  delegate.update(current);
                  injected.increment();
                } catch (ConflictException e) {
                  // someone else moved it on already
                }
              });
    }
    return delegate.update(resource);
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
  public T create(T resource) {
    return delegate.create(resource);
  }

  @Override
  public boolean delete(String name) {
    return delegate.delete(name);
  }
}
