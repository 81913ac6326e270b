package dev.tabby.controller;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads: the controller's executors must never keep a stopping JVM alive. */
final class DaemonThreads {

  private DaemonThreads() {}

  static ThreadFactory named(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
