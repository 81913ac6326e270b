package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.PathAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps one shared instance of each distinct attribute set, counted by reference: a table of a
 * million prefixes learned with a handful of attribute sets holds a handful of objects. Every
 * {@link #intern} must be matched by one {@link #release} when the holder lets go; the entry is
 * dropped when the last holder does, so the table never leaks.
 *
 * <p>Not thread-safe: owned by the RIB thread.
 */
final class AttributeInterner {
  private static final class Entry {
    final PathAttributes attributes;
    int references;

    Entry(PathAttributes attributes) {
      this.attributes = attributes;
    }
  }

  private final Map<PathAttributes, Entry> entries = new HashMap<>();

  /** The shared instance equal to {@code attributes}, counting one more reference to it. */
  PathAttributes intern(PathAttributes attributes) {
    Entry entry = entries.computeIfAbsent(attributes, Entry::new);
    entry.references++;
    return entry.attributes;
  }

  /** Gives back one reference taken by {@link #intern}; null is ignored. */
  void release(PathAttributes attributes) {
    if (attributes == null) {
      return;
    }
    Entry entry = entries.get(attributes);
    if (entry == null || entry.attributes != attributes) {
      throw new IllegalStateException(
          "releasing attributes that were never interned: " + attributes);
    }
    if (--entry.references == 0) {
      entries.remove(attributes);
    }
  }

  /** How many distinct attribute sets are held. */
  int size() {
    return entries.size();
  }
}
