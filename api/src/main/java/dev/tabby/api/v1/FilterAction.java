package dev.tabby.api.v1;

/** What a matching filter rule does with a route. */
public enum FilterAction {
  Accept,
  Reject
}
