package dev.tabby.dataplane;

/** What a batch does with each of its routes. */
public enum RouteOperation {
  /** Create; refused with EEXIST if a route (ours or not) already holds the key. */
  ADD,
  /** Create, or replace the route that holds the key. */
  REPLACE,
  /** Delete the route with the key, only if it carries the given route's protocol. */
  DELETE;

  String verb() {
    return name().toLowerCase();
  }
}
