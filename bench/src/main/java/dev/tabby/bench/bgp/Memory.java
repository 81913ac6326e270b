package dev.tabby.bench.bgp;

/**
 * One memory sample of a daemon.
 *
 * @param residentBytes its resident set
 * @param liveHeapBytes for a JVM, the live objects after a full GC; otherwise null
 */
record Memory(long residentBytes, Long liveHeapBytes) {

  static Memory of(long pid, boolean jvm) {
    // The histogram's full GC comes first, so the RSS sample sees the heap as the GC left it.
    Long heap = jvm ? ProcessMemory.liveHeapBytes(pid) : null;
    return new Memory(ProcessMemory.residentBytes(pid), heap);
  }
}
