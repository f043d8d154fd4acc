package io.beamcrawl.crawl;

import io.beamcrawl.util.RunShared;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * Bounds the bytes of a run's pages that the crawl has handed on and the pipeline has not yet
 * seen through ({@link #done}), on one JVM. Runners that stream between steps hold the crawl back
 * when the steps after it fall behind; the Direct runner does not, and without this bound a crawl
 * that outpaces extraction and writing keeps every page it is ahead by in memory. Bytes, not
 * pages: a thousand small pages weigh what ten large ones do.
 *
 * <p>The crawl adds a page's body size when it hands the page on, and takes no more pages while
 * the total is at the bound (so it may pass it by one call's pages); a page takes its size off
 * when it passes {@link #done}. Counted per JVM, so the bound is for runners that keep a run in
 * one JVM, and nothing may hold pages back between the crawl and {@link #done} until the crawl
 * has ended (a grouping would wait for the crawl while the crawl waits for it).
 */
public final class PagesInFlight implements Serializable {

  /** A run's bytes in flight on this worker, shared by the steps that add and take them off. */
  private static final class Bytes implements AutoCloseable {
    final AtomicLong inFlight = new AtomicLong();

    @Override
    public void close() {}
  }

  private static final RunShared<Bytes> BYTES = new RunShared<>();

  private final String runId;
  private final long limitBytes;
  private transient AtomicLong bytes;

  private PagesInFlight(String runId, long limitBytes) {
    this.runId = runId;
    this.limitBytes = limitBytes;
  }

  /** At most about {@code limitBytes} of pages of run {@code runId} in flight on each JVM. */
  public static PagesInFlight atMost(String runId, long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException(
          "a bound on bytes in flight must be at least 1, got " + limitBytes);
    }
    return new PagesInFlight(runId, limitBytes);
  }

  /** No bound: for runners with back-pressure of their own. */
  public static PagesInFlight unbounded() {
    return new PagesInFlight(null, 0);
  }

  public boolean isBounded() {
    return limitBytes > 0;
  }

  /** True while more pages may be handed on. */
  public boolean hasRoom() {
    return !isBounded() || bytes().get() < limitBytes;
  }

  /** The crawl hands these pages on. */
  public void add(List<CrawledPage> pages) {
    if (isBounded()) {
      bytes().addAndGet(weight(pages));
    }
  }

  /** These pages are through, or will never be handed on. */
  void remove(List<CrawledPage> pages) {
    if (isBounded()) {
      bytes().addAndGet(-weight(pages));
    }
  }

  /** Bytes in flight now (for tests). */
  long inFlight() {
    return isBounded() ? bytes().get() : 0;
  }

  /** Joins the run's count on this worker: a DoFn's set-up. */
  public void open() {
    if (isBounded() && bytes == null) {
      bytes = BYTES.acquire(runId, Bytes::new).inFlight;
    }
  }

  /** Leaves it: a DoFn's tear-down; the last to leave forgets it. */
  public void close() {
    if (bytes != null) {
      bytes = null;
      BYTES.release(runId);
    }
  }

  private AtomicLong bytes() {
    if (bytes == null) {
      throw new IllegalStateException("pages in flight are counted only between open() and close()");
    }
    return bytes;
  }

  /**
   * What a page weighs: its body, and a little for the page itself; a page carried over unchanged
   * brings its content from the earlier crawl's row instead.
   */
  static long weight(CrawledPage page) {
    long carried = 0;
    if (page.isUnchanged() && page.parsed() != null) {
      carried = length(page.parsed().markdown()) + length(page.parsed().html());
    }
    return page.fetch().sizeBytes() + carried + 1024;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }

  private static long weight(List<CrawledPage> pages) {
    long sum = 0;
    for (CrawledPage page : pages) {
      sum += weight(page);
    }
    return sum;
  }

  /**
   * Takes off the weight of every element passing through, {@code pageOf} telling its crawled
   * page: the end of a page's way.
   */
  public <T> Done<T> done(SerializableFunction<T, CrawledPage> pageOf) {
    return new Done<>(this, pageOf);
  }

  /** The step where pages take their weight off ({@link #done}). */
  public static final class Done<T> extends PTransform<PCollection<T>, PCollection<T>> {
    private final PagesInFlight bound;
    private final SerializableFunction<T, CrawledPage> pageOf;

    private Done(PagesInFlight bound, SerializableFunction<T, CrawledPage> pageOf) {
      this.bound = bound;
      this.pageOf = pageOf;
    }

    @Override
    public PCollection<T> expand(PCollection<T> pages) {
      return pages.apply(ParDo.of(new ReleaseFn<T>(bound, pageOf))).setCoder(pages.getCoder());
    }
  }

  private static final class ReleaseFn<T> extends DoFn<T, T> {
    private final PagesInFlight bound;
    private final SerializableFunction<T, CrawledPage> pageOf;

    ReleaseFn(PagesInFlight bound, SerializableFunction<T, CrawledPage> pageOf) {
      this.bound = bound;
      this.pageOf = pageOf;
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
    public void process(@Element T element, OutputReceiver<T> out) {
      out.output(element);
      bound.remove(List.of(pageOf.apply(element)));
    }
  }
}
