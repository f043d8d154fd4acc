package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;

/**
 * Crawls one site's jobs ({@link SiteCrawler}), emitting its pages in batches as they are
 * fetched: {@link #BATCH_PAGES} pages, or what {@link #BATCH_WAIT} brought, by default.
 *
 * <p>Splittable so that a runner can commit pages while the crawl goes on, rather than when the
 * whole site is done: the restriction numbers the pages (one position per page the jobs' budgets
 * allow, and a last one for the URL counts). A call waits for pages at most its share of {@link
 * #ROUND_WAIT}, then returns and asks to be called again; the crawl itself keeps running on this
 * worker between the calls, the way the Direct runner keeps an unbounded source's reader across
 * checkpoints, and the batch being filled waits for the next call. So one thread can serve many
 * sites, slow ones among them, and the steps after the crawl. Batches keep the bundles, and the
 * files written per bundle, few. Flink's batch mode calls again at once, in the same bundle.
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

  /** Crawls running on this worker, by run and site. */
  private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

  private final CrawlSettings settings;
  private final PagesInFlight inFlight;
  private final int batchPages;
  private final Duration batchWait;
  private final Counter pagesFetched = Metrics.counter(Crawl.METRICS_NAMESPACE, Crawl.PAGES_FETCHED);
  private final Counter pagesFailed = Metrics.counter(Crawl.METRICS_NAMESPACE, Crawl.PAGES_FAILED);
  private final Counter bytesFetched = Metrics.counter(Crawl.METRICS_NAMESPACE, Crawl.BYTES_FETCHED);

  CrawlSiteFn(
      CrawlSettings settings, PagesInFlight inFlight, int batchPages, Duration batchWait) {
    this.settings = settings;
    this.inFlight = inFlight;
    this.batchPages = batchPages;
    this.batchWait = batchWait;
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
    String key = settings.runId() + '\n' + site.getKey();
    long from = tracker.currentRestriction().getFrom();
    Running running = RUNNING.get(key);
    if (running == null || running.emitted != from) {
      if (from != 0) {
        throw new IllegalStateException(
            "the crawl of " + site.getKey() + " was resumed after page " + from
                + " on a worker that does not hold it; the runner must restart the site");
      }
      if (running != null) { // an earlier attempt at this site, abandoned by the runner
        running.crawl.close();
        inFlight.release(running.batch.size());
      }
      RUNNING.put(key, new Running(start(site.getValue())));
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
        for (CrawledPage page : pages) {
          (page.isSuccess() ? pagesFetched : pagesFailed).inc();
          bytesFetched.inc(page.fetch().sizeBytes());
        }
        continue;
      }
      if (!tracker.tryClaim(tracker.currentRestriction().getTo() - 1)) {
        return ProcessContinuation.stop();
      }
      RUNNING.remove(key);
      running.crawl.close();
      running.crawl.urlCounts()
          .forEach((jobId, counts) -> out.get(Crawl.URL_COUNTS).output(KV.of(jobId, counts)));
      return ProcessContinuation.stop();
    }
  }

  /** The sites of this run being crawled on this worker, this one among them. */
  private long sitesRunning() {
    String run = settings.runId() + '\n';
    return Math.max(1, RUNNING.keySet().stream().filter(key -> key.startsWith(run)).count());
  }

  /** True when the batch is full, or has waited long enough for more. */
  private boolean isDue(Running running) {
    return running.batch.size() >= batchPages
        || (!running.batch.isEmpty() && System.nanoTime() >= running.batchDue);
  }

  private SiteCrawler start(List<CrawlJob> jobs) {
    WorkerResources resources = WorkerResources.forRun(settings);
    return SiteCrawler.start(jobs, settings, resources.fetcher, resources.robots);
  }
}
