package io.beamcrawl.crawl;

import java.io.Serializable;
import io.beamcrawl.util.RunShared;
import java.util.concurrent.Semaphore;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Bounds a run's pages that the crawl has handed on and the pipeline has not yet seen through
 * ({@link #done()}), on one JVM. Runners that stream between steps hold the crawl back when the
 * steps after it fall behind; the Direct runner does not, and without this bound a crawl that
 * outpaces extraction and writing keeps every page it is ahead by in memory.
 *
 * <p>The crawl takes a permit for each page it emits; a page gives its permit back when it
 * passes {@link #done()}. Permits are counted per JVM, so the bound is for runners that keep a
 * run in one JVM, and nothing may hold pages back between the crawl and {@link #done()} until the
 * crawl has ended (a grouping would wait for the crawl while the crawl waits for it).
 */
public final class PagesInFlight implements Serializable {

  /** A run's permits on this worker, shared by the steps that take and give them back. */
  private static final class Permits implements AutoCloseable {
    final Semaphore semaphore;

    Permits(int limit) {
      this.semaphore = new Semaphore(limit);
    }

    @Override
    public void close() {}
  }

  private static final RunShared<Permits> PERMITS = new RunShared<>();

  private final String runId;
  private final int limit;
  private transient Semaphore permits;

  private PagesInFlight(String runId, int limit) {
    this.runId = runId;
    this.limit = limit;
  }

  /** At most {@code limit} pages of run {@code runId} in flight on each JVM. */
  public static PagesInFlight atMost(String runId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a bound on pages in flight must be at least 1, got " + limit);
    }
    return new PagesInFlight(runId, limit);
  }

  /** No bound: for runners with back-pressure of their own, and for runs that group pages. */
  public static PagesInFlight unbounded() {
    return new PagesInFlight(null, 0);
  }

  public boolean isBounded() {
    return limit > 0;
  }

  /** Takes up to {@code pages} permits without waiting: how many it took, 0 when none are free. */
  int takeUpTo(int pages) {
    if (!isBounded()) {
      return pages;
    }
    Semaphore permits = permits();
    while (true) { // another site may take the free permits between the look and the take
      int take = Math.min(permits.availablePermits(), pages);
      if (take <= 0) {
        return 0;
      }
      if (permits.tryAcquire(take)) {
        return take;
      }
    }
  }

  void release(int pages) {
    if (isBounded() && pages > 0) {
      permits().release(pages);
    }
  }

  /** Pages in flight now (for tests): permits taken and not given back. */
  int inFlight() {
    return isBounded() ? limit - permits().availablePermits() : 0;
  }

  /** Joins the run's permits on this worker: a DoFn's set-up. */
  void open() {
    if (isBounded() && permits == null) {
      permits = PERMITS.acquire(runId, () -> new Permits(limit)).semaphore;
    }
  }

  /** Leaves them: a DoFn's tear-down; the last to leave forgets them. */
  void close() {
    if (permits != null) {
      permits = null;
      PERMITS.release(runId);
    }
  }

  private Semaphore permits() {
    if (permits == null) {
      throw new IllegalStateException("pages in flight are counted only between open() and close()");
    }
    return permits;
  }

  /** Gives back the permit of every element passing through: the end of a page's way. */
  public <T> Done<T> done() {
    return new Done<>(this);
  }

  /** The step where pages give their permits back ({@link #done()}). */
  public static final class Done<T> extends PTransform<PCollection<T>, PCollection<T>> {
    private final PagesInFlight bound;

    private Done(PagesInFlight bound) {
      this.bound = bound;
    }

    @Override
    public PCollection<T> expand(PCollection<T> pages) {
      return pages.apply(ParDo.of(new ReleaseFn<T>(bound))).setCoder(pages.getCoder());
    }
  }

  private static final class ReleaseFn<T> extends DoFn<T, T> {
    private final PagesInFlight bound;

    ReleaseFn(PagesInFlight bound) {
      this.bound = bound;
    }

    @Setup
    public void setup() {
      bound.open();
    }

    @Teardown
    public void teardown() {
      bound.close();
    }

    @ProcessElement
    public void process(@Element T page, OutputReceiver<T> out) {
      out.output(page);
      bound.release(1);
    }
  }
}
