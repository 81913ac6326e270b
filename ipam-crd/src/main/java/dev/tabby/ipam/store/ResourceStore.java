package dev.tabby.ipam.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Reads and compare-and-swap writes of one kind of cluster-scoped object. Creation is itself a
 * compare-and-swap: objects are named deterministically, so two writers racing to create the same
 * thing collide on the name.
 */
public interface ResourceStore<T extends HasMetadata> {
  /** The kind, for messages. */
  String kind();

  Optional<T> get(String name);

  List<T> list();

  List<T> listWithLabel(String key, String value);

  /** Creates the object; {@link ConflictException} if one of that name exists. */
  T create(T resource);

  /**
   * Replaces the object if its resourceVersion is still the one in {@code resource}; {@link
   * ConflictException} if it changed or the object is gone.
   */
  T update(T resource);

  /**
   * Deletes without a revision guard (callers that need one mark the object deleted with {@link
   * #update} first); false when it was already gone.
   */
  boolean delete(String name);
}
