package io.beamcrawl.crawl;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request threads' queue, served site by site rather than first come first served: the next
 * task is the oldest of the site that has the fewest tasks running and, among those, has used the
 * least thread time so far. So a fast site's requests are never behind a thousand slow sites'
 * (a slow site's requests hold threads for long, a fast one's hardly at all), and a site that has
 * many tasks waiting takes no more than its turn. Each site sends its tasks through its own
 * {@link Lane}; a task not sent through one goes to a lane of its own kind, shared.
 */
final class SiteFairQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

  /** One site's waiting tasks and what it has used of the threads. Guarded by the queue's lock. */
  final class Lane {
    private final ArrayDeque<Task> waiting = new ArrayDeque<>();
    private final long order;
    private int running;
    private long usedNanos;

    private Lane(long order) {
      this.order = order;
    }

    /** {@code work} as a task of this lane, for the pool to run. */
    Runnable task(Runnable work) {
      return new Task(this, work);
    }
  }

  /** A task of a lane: it counts as running, and its time as used, while it runs. */
  private final class Task implements Runnable {
    final Lane lane;
    final Runnable work;

    Task(Lane lane, Runnable work) {
      this.lane = lane;
      this.work = work;
    }

    @Override
    public void run() {
      long started;
      lock.lock();
      try {
        lane.running++;
        started = System.nanoTime();
      } finally {
        lock.unlock();
      }
      try {
        work.run();
      } finally {
        lock.lock();
        try {
          lane.running--;
          lane.usedNanos += System.nanoTime() - started;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  /** The lanes with waiting tasks. */
  private final List<Lane> ready = new ArrayList<>();
  private final Lane shared;
  private long lanesMade;
  private int size;

  SiteFairQueue() {
    this.shared = newLane();
  }

  /** A lane for one site's tasks. */
  Lane newLane() {
    lock.lock();
    try {
      return new Lane(lanesMade++);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean offer(Runnable runnable) {
    Task task = runnable instanceof Task own ? own : new Task(shared, runnable);
    lock.lock();
    try {
      if (task.lane.waiting.isEmpty()) {
        ready.add(task.lane);
      }
      task.lane.waiting.add(task);
      size++;
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(Runnable runnable) {
    offer(runnable);
  }

  @Override
  public boolean offer(Runnable runnable, long timeout, TimeUnit unit) {
    return offer(runnable);
  }

  @Override
  public Runnable poll() {
    lock.lock();
    try {
      return next();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (size == 0) {
        notEmpty.await();
      }
      return next();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (size == 0) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return next();
    } finally {
      lock.unlock();
    }
  }

  /** The next task, the lock held: the oldest of the lane that is owed the most. */
  private Task next() {
    if (ready.isEmpty()) {
      return null;
    }
    int best = 0;
    for (int i = 1; i < ready.size(); i++) {
      if (owedMore(ready.get(i), ready.get(best))) {
        best = i;
      }
    }
    Lane lane = ready.get(best);
    Task task = lane.waiting.poll();
    if (lane.waiting.isEmpty()) {
      ready.set(best, ready.get(ready.size() - 1));
      ready.remove(ready.size() - 1);
    }
    size--;
    return task;
  }

  private static boolean owedMore(Lane a, Lane b) {
    if (a.running != b.running) {
      return a.running < b.running;
    }
    if (a.usedNanos != b.usedNanos) {
      return a.usedNanos < b.usedNanos;
    }
    return a.order < b.order;
  }

  @Override
  public Runnable peek() {
    lock.lock();
    try {
      return ready.isEmpty() ? null : ready.get(0).waiting.peek();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean remove(Object o) {
    lock.lock();
    try {
      for (int i = 0; i < ready.size(); i++) {
        Lane lane = ready.get(i);
        if (lane.waiting.remove(o)) {
          size--;
          if (lane.waiting.isEmpty()) {
            ready.remove(i);
          }
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int remainingCapacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  public int drainTo(Collection<? super Runnable> into) {
    return drainTo(into, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super Runnable> into, int most) {
    lock.lock();
    try {
      int drained = 0;
      Task task;
      while (drained < most && (task = next()) != null) {
        into.add(task);
        drained++;
      }
      return drained;
    } finally {
      lock.unlock();
    }
  }

  /** The waiting tasks at this moment, lane by lane; removing through it is not supported. */
  @Override
  public Iterator<Runnable> iterator() {
    lock.lock();
    try {
      List<Runnable> all = new ArrayList<>(size);
      ready.forEach(lane -> all.addAll(lane.waiting));
      return java.util.Collections.unmodifiableList(all).iterator();
    } finally {
      lock.unlock();
    }
  }
}
