package dev.tabby.ipam;

import dev.tabby.ipam.store.ConflictException;
import dev.tabby.ipam.store.ResourceStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A {@link HookedStore} hook that makes a fraction of compare-and-swap updates lose: just before
 * the write it rewrites the stored object with a changed annotation, which moves its
 * resourceVersion on, as a racing writer would (an unchanged rewrite would not: the API server
 * keeps the resourceVersion of a no-op update).
 */
final class ConflictInjector<T extends HasMetadata> implements Consumer<T> {
  private static final String INJECTED_ANNOTATION = "test.tabby.dev/conflict-injected";

  private final ResourceStore<T> stored;
  private final double rate;
  private final LongAdder injected = new LongAdder();

  /**
   * @param stored the store the hooked one writes to, for the racing writes
   */
  ConflictInjector(ResourceStore<T> stored, double rate) {
    this.stored = stored;
    this.rate = rate;
  }

  long injected() {
    return injected.sum();
  }

  @Override
  public void accept(T resource) {
    if (ThreadLocalRandom.current().nextDouble() >= rate) {
      return;
    }
    stored
        .get(resource.getMetadata().getName())
        .ifPresent(
            current -> {
              current
                  .getMetadata()
                  .getAnnotations()
                  .put(INJECTED_ANNOTATION, UUID.randomUUID().toString());
              try {
                stored.update(current);
                injected.increment();
              } catch (ConflictException e) {
                // someone else moved it on already
              }
            });
  }
}
