package dev.tabby.ipam;

import dev.tabby.ipam.store.ResourceStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Counts the writes of one kind and lets a test act just before a create or an update. */
final class HookedStore<T extends HasMetadata> implements ResourceStore<T> {
  private final ResourceStore<T> delegate;
  private final AtomicInteger creates = new AtomicInteger();
  private final AtomicInteger updates = new AtomicInteger();
  private volatile Consumer<T> beforeCreate = r -> {};
  private volatile Consumer<T> beforeUpdate = r -> {};

  HookedStore(ResourceStore<T> delegate) {
    this.delegate = delegate;
  }

  /** Runs {@code hook} with the object before each create; it may throw to fail the create. */
  void beforeCreate(Consumer<T> hook) {
    this.beforeCreate = hook;
  }

  /** Runs {@code hook} with the object before each update. */
  void beforeUpdate(Consumer<T> hook) {
    this.beforeUpdate = hook;
  }

  int creates() {
    return creates.get();
  }

  int updates() {
    return updates.get();
  }

  @Override
  public T create(T resource) {
    creates.incrementAndGet();
    beforeCreate.accept(resource);
    return delegate.create(resource);
  }

  @Override
  public T update(T resource) {
    updates.incrementAndGet();
    beforeUpdate.accept(resource);
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
  public boolean delete(String name) {
    return delegate.delete(name);
  }
}
