package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.util.RunShared;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;

/**
 * Crawls one site's jobs ({@link SiteCrawler}) on the worker's {@link CrawlEngine}, shared by
 * every site of the run there, emitting its pages in batches as they are fetched: {@link
 * #BATCH_PAGES} pages, or what {@link #BATCH_WAIT} brought, by default.
 *
 * <p>Splittable so that a runner can commit pages while the crawl goes on, rather than when the
 * whole site is done: the restriction numbers the pages (one position per page the jobs' budgets
 * allow, and a last one for the URL counts). A call waits for pages at most its share of {@link
 * #ROUND_WAIT}, then returns and asks to be called again; the crawl itself keeps running on this
 * worker between the calls, the way the Direct runner keeps an unbounded source's reader across
 * checkpoints, and the batch being filled waits for the next call. So one thread can serve many
 * sites, slow ones among them, and the steps after the crawl. Batches keep the bundles, and the
 * files written per bundle, few.
 *
 * <p>The running crawls are a cache of what Beam holds: a site hands on its pages in a fixed
 * order, so a call whose restriction starts where this worker holds no crawl of the site (a
 * residual resumed elsewhere, or a retried bundle) crawls the site again and leaves out the pages
 * before it. The engine and the crawls live while an instance of the run is set up on this worker
 * and are stopped by the last one's tear-down.
 *
 * <p>With a bound on pages in flight ({@link PagesInFlight}), a batch takes only the room left;
 * with none left the batch goes on as it is, or, when empty, the call returns and the runner
 * calls again after {@link #ROOM_WAIT}. The crawl meanwhile fills its hand-over queue and waits.
 */
@DoFn.BoundedPerElement
final class CrawlSiteFn extends DoFn<KV<String, List<CrawlJob>>, List<CrawledPage>> {

  static final int BATCH_PAGES = 200;
  static final Duration BATCH_WAIT = Duration.ofSeconds(20);
  /**
   * How long the calls for all the sites a worker is crawling may wait for pages, together: a
   * call waits at most its share, then returns, so that with one bundle at a time (the Direct
   * runner's default here) every site is called about once a round, and the steps after the
   * crawl get their turn; the batch waits in {@link Running} for the next call.
   */
  static final Duration ROUND_WAIT = Duration.ofSeconds(1);
  /** How long a crawl with no room for more pages in flight waits before it looks again. */
  static final org.joda.time.Duration ROOM_WAIT = org.joda.time.Duration.millis(200);

  /**
   * A site's crawl between calls: the pages emitted, and the next batch, which grows over calls
   * until it is full or {@link #batchWait} old (its pages hold room in flight, not positions).
   */
  private static final class Running {
    final SiteCrawler crawl;
    long emitted;
    final List<CrawledPage> batch = new ArrayList<>();
    long batchDue;

    Running(SiteCrawler crawl) {
      this.crawl = crawl;
    }
  }

  /** What this worker's instances share while they run: the engine and the sites it crawls. */
  private static final class Worker implements AutoCloseable {
    final CrawlEngine engine;
    final Map<String, Running> sites = new ConcurrentHashMap<>();

    Worker(CrawlSettings settings) {
      this.engine = new CrawlEngine(settings);
    }

    @Override
    public void close() {
      sites.values().forEach(running -> running.crawl.close());
      engine.close();
    }
  }

  private static final RunShared<Worker> WORKERS = new RunShared<>();

  private final CrawlSettings settings;
  private final PagesInFlight inFlight;
  private final int batchPages;
  private final Duration batchWait;
  private final CrawlCounters counters = new CrawlCounters();
  private transient Worker worker;

  CrawlSiteFn(
      CrawlSettings settings, PagesInFlight inFlight, int batchPages, Duration batchWait) {
    this.settings = settings;
    this.inFlight = inFlight;
    this.batchPages = batchPages;
    this.batchWait = batchWait;
  }

  @Setup
  public void setup() {
    worker = WORKERS.acquire(settings.runId(), () -> new Worker(settings));
    inFlight.open();
  }

  @Teardown
  public void teardown() {
    if (worker != null) {
      worker = null;
      WORKERS.release(settings.runId());
      inFlight.close();
    }
  }

  /** Drops this worker's crawls of a run, as a worker that lost them would (tests of resuming). */
  static void forgetCrawls(String runId) {
    WORKERS.ifPresent(
        runId,
        worker -> {
          worker.sites.values().forEach(running -> running.crawl.close());
          worker.sites.clear();
        });
  }

  @GetInitialRestriction
  public OffsetRange pages(@Element KV<String, List<CrawlJob>> site) {
    long budget = 0;
    for (CrawlJob job : site.getValue()) {
      budget += job.maxPages();
    }
    return new OffsetRange(0, budget + 1);
  }

  @GetRestrictionCoder
  public OffsetRange.Coder restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @ProcessElement
  public ProcessContinuation process(
      @Element KV<String, List<CrawlJob>> site,
      RestrictionTracker<OffsetRange, Long> tracker,
      MultiOutputReceiver out)
      throws InterruptedException {
    String key = site.getKey();
    long from = tracker.currentRestriction().getFrom();
    Running running = worker.sites.get(key);
    if (running == null || running.emitted != from) {
      if (running != null) { // an attempt the runner abandoned: it resumes from what it holds
        running.crawl.close();
        inFlight.release(running.batch.size());
      }
      // A site's pages come in a fixed order, so a crawl resumed where this worker does not hold
      // it (or holds an abandoned attempt) crawls again and leaves out the pages handed on.
      running = new Running(worker.engine.start(site.getValue(), from));
      running.emitted = from;
      worker.sites.put(key, running);
      // Nothing to hand over yet: the other sites start before this one's pages are waited for.
      return ProcessContinuation.resume();
    }
    long callEnd = System.nanoTime() + ROUND_WAIT.toNanos() / sitesRunning();
    while (true) {
      if (!running.crawl.isOver() && !isDue(running)) {
        long now = System.nanoTime();
        if (now >= callEnd) {
          return ProcessContinuation.resume(); // the other sites' turn; the batch keeps growing
        }
        int room = inFlight.takeUpTo(batchPages - running.batch.size());
        if (room == 0 && running.batch.isEmpty()) {
          // Pages emitted so far go on when this call returns; their steps make the room.
          return ProcessContinuation.resume().withResumeDelay(ROOM_WAIT);
        }
        if (room > 0) {
          long until = running.batch.isEmpty() ? callEnd : Math.min(callEnd, running.batchDue);
          List<CrawledPage> pages = running.crawl.nextPages(room, Duration.ofNanos(until - now));
          inFlight.release(room - pages.size());
          if (running.batch.isEmpty()) {
            running.batchDue = now + batchWait.toNanos();
          }
          running.batch.addAll(pages);
          continue;
        }
        // No room to grow the batch: it goes on as it is.
      }
      if (!running.batch.isEmpty()) {
        // A batch claims the position of its last page; the rest of the site starts after it.
        if (!tracker.tryClaim(running.emitted + running.batch.size() - 1)) {
          return ProcessContinuation.stop(); // checkpointed: the runner calls again for the rest
        }
        List<CrawledPage> pages = List.copyOf(running.batch);
        running.batch.clear();
        running.emitted += pages.size();
        out.get(Crawl.PAGE_BATCHES).output(pages);
        counters.count(pages);
        continue;
      }
      if (!tracker.tryClaim(tracker.currentRestriction().getTo() - 1)) {
        return ProcessContinuation.stop();
      }
      worker.sites.remove(key);
      running.crawl.close();
      running.crawl.urlCounts()
          .forEach((jobId, counts) -> out.get(Crawl.URL_COUNTS).output(KV.of(jobId, counts)));
      return ProcessContinuation.stop();
    }
  }

  /** The sites of this run being crawled on this worker, this one among them. */
  private long sitesRunning() {
    return Math.max(1, worker.sites.size());
  }

  /** True when the batch is full, or has waited long enough for more. */
  private boolean isDue(Running running) {
    return running.batch.size() >= batchPages
        || (!running.batch.isEmpty() && System.nanoTime() >= running.batchDue);
  }
}
