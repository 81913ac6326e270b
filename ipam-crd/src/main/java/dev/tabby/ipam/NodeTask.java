package dev.tabby.ipam;

/** Work that runs alone in its node's lane, such as giving back a deleted node's blocks. */
final class NodeTask extends LaneWork<Void> {
  private final Runnable task;

  NodeTask(Runnable task) {
    this.task = task;
  }

  void runNow() {
    try {
      task.run();
      succeed(null);
    } catch (RuntimeException e) {
      fail(e);
    }
  }
}
