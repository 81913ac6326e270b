package dev.tabby.system;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** What the lab does with the cluster's resources: create or update, delete, list. */
public interface ClusterApi extends AutoCloseable {

  /** Creates the resource, or updates it when it exists. */
  <T extends HasMetadata> T apply(T resource);

  /** Deletes the resource; nothing happens when it does not exist. */
  void delete(HasMetadata resource);

  /** Every resource of the type, in every namespace. */
  <T extends HasMetadata> List<T> list(Class<T> type);

  @Override
  void close();
}
