package dev.tabby.bench.bgp;

/**
 * One run, a sender feeding a receiver: the transfer, the receiver's memory before and after, and
 * the sender's after. A memory sample is null when the run failed before it could be taken; {@code
 * failure} then says why.
 */
record Measured(
    String sender,
    String receiver,
    Transfer transfer,
    Memory idle,
    Memory after,
    Memory senderAfter,
    String failure) {

  static Measured failed(String sender, String receiver, String failure) {
    return new Measured(sender, receiver, null, null, null, null, failure);
  }

  boolean complete() {
    return failure == null && transfer.complete();
  }

  /** Resident bytes per prefix above the idle process; null unless both samples exist. */
  Double residentBytesPerRoute() {
    if (idle == null || after == null || transfer.reached() == 0) {
      return null;
    }
    return (after.residentBytes() - idle.residentBytes()) / (double) transfer.reached();
  }

  /** Live heap bytes per prefix above the idle JVM; null for other daemons. */
  Double heapBytesPerRoute() {
    if (idle == null
        || after == null
        || idle.liveHeapBytes() == null
        || after.liveHeapBytes() == null
        || transfer.reached() == 0) {
      return null;
    }
    return (after.liveHeapBytes() - idle.liveHeapBytes()) / (double) transfer.reached();
  }

  /** What went wrong, or null: a failure to run, or a transfer that stopped short. */
  String problem() {
    if (failure != null) {
      return failure;
    }
    return transfer.failure();
  }
}
