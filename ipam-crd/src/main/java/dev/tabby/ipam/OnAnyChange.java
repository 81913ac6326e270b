package dev.tabby.ipam;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** An informer handler that runs one action on every add, update and delete, whatever changed. */
public final class OnAnyChange<T> implements ResourceEventHandler<T> {
  private final Runnable changed;

  public OnAnyChange(Runnable changed) {
    this.changed = changed;
  }

  @Override
  public void onAdd(T added) {
    changed.run();
  }

  @Override
  public void onUpdate(T before, T after) {
    changed.run();
  }

  @Override
  public void onDelete(T deleted, boolean finalStateUnknown) {
    changed.run();
  }
}
