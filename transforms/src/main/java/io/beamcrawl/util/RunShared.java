package io.beamcrawl.util;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the DoFn instances of one run share on a worker JVM (a crawl engine, a bound, a ledger):
 * made by the first instance set up, closed when the last one is torn down, so nothing of a run
 * outlives it on a worker that runs many jobs.
 */
public final class RunShared<T extends AutoCloseable> {

  private static final class Entry<T> {
    final T value;
    int users;

    Entry(T value) {
      this.value = value;
    }
  }

  private final Map<String, Entry<T>> byRun = new HashMap<>();

  /** The run's value, made by {@code make} if this is its first user; call {@link #release}. */
  public synchronized T acquire(String runId, Supplier<T> make) {
    Entry<T> entry = byRun.computeIfAbsent(runId, id -> new Entry<>(make.get()));
    entry.users++;
    return entry.value;
  }

  /** One user of the run's value is done; the last closes it. */
  public void release(String runId) {
    T last = null;
    synchronized (this) {
      Entry<T> entry = byRun.get(runId);
      if (entry != null && --entry.users == 0) {
        byRun.remove(runId);
        last = entry.value;
      }
    }
    if (last != null) {
      try {
        last.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing what run " + runId + " shared failed", e);
      }
    }
  }

  /** Does {@code action} with the run's value, if it has one now. */
  public synchronized void ifPresent(String runId, java.util.function.Consumer<T> action) {
    Entry<T> entry = byRun.get(runId);
    if (entry != null) {
      action.accept(entry.value);
    }
  }
}
