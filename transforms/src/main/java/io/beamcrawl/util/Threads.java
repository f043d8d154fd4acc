package io.beamcrawl.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Thread pools for the blocking work inside DoFns (fetches, model calls). */
public final class Threads {

  private Threads() {}

  /** A fixed pool of daemon threads, so a worker that forgets a pool can still exit. */
  public static ExecutorService daemonPool(int size, String name) {
    return Executors.newFixedThreadPool(
        size,
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
