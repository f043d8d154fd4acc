package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import java.time.Duration;
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
 * allow, and a last one for the URL counts). The Direct runner
 * checkpoints after a second, handing the batches to extraction and writing, and calls again for
 * the rest; the crawl itself keeps running on this worker between the calls, the way the Direct
 * runner keeps an unbounded source's reader across checkpoints. Batches keep those calls, and the
 * files written per bundle, few. Runners that never checkpoint a bounded input (Flink's batch
 * mode) run it in one call.
 *
 * <p>With a bound on pages in flight ({@link PagesInFlight}), a batch takes only the room left;
 * with none left the call returns, so that the pages it emitted go on, and the runner calls again
 * after {@link #ROOM_WAIT}. The crawl meanwhile fills its hand-over queue and waits.
 */
@DoFn.BoundedPerElement
final class CrawlSiteFn extends DoFn<KV<String, List<CrawlJob>>, List<CrawledPage>> {

  static final int BATCH_PAGES = 200;
  static final Duration BATCH_WAIT = Duration.ofSeconds(20);
  /** How long a crawl with no room for more pages in flight waits before it looks again. */
  static final org.joda.time.Duration ROOM_WAIT = org.joda.time.Duration.millis(200);

  /** A site's crawl between calls: the batch taken but not yet claimed, and the pages emitted. */
  private static final class Running {
    final SiteCrawler crawl;
    long emitted;
    List<CrawledPage> unclaimed = List.of();
    boolean ended;

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
        inFlight.release(running.unclaimed.size());
      }
      running = new Running(start(site.getValue()));
      RUNNING.put(key, running);
    }
    while (true) {
      if (running.unclaimed.isEmpty() && !running.ended) {
        int room = inFlight.takeUpTo(batchPages);
        if (room == 0) {
          // Pages emitted so far go on when this call returns; their steps make the room.
          return ProcessContinuation.resume().withResumeDelay(ROOM_WAIT);
        }
        running.unclaimed = running.crawl.nextPages(room, batchWait);
        inFlight.release(room - running.unclaimed.size());
        running.ended = running.unclaimed.isEmpty();
      }
      // A batch claims the position of its last page; the rest of the site starts after it.
      long position =
          running.ended
              ? tracker.currentRestriction().getTo() - 1
              : running.emitted + running.unclaimed.size() - 1;
      if (!tracker.tryClaim(position)) {
        return ProcessContinuation.stop(); // checkpointed: the runner calls again for the rest
      }
      if (running.ended) {
        RUNNING.remove(key);
        running.crawl.close();
        running.crawl.urlCounts()
            .forEach((jobId, counts) -> out.get(Crawl.URL_COUNTS).output(KV.of(jobId, counts)));
        return ProcessContinuation.stop();
      }
      List<CrawledPage> pages = running.unclaimed;
      running.unclaimed = List.of();
      running.emitted += pages.size();
      out.get(Crawl.PAGE_BATCHES).output(pages);
      for (CrawledPage page : pages) {
        (page.isSuccess() ? pagesFetched : pagesFailed).inc();
        bytesFetched.inc(page.fetch().sizeBytes());
      }
    }
  }

  private SiteCrawler start(List<CrawlJob> jobs) {
    WorkerResources resources = WorkerResources.forRun(settings);
    return SiteCrawler.start(jobs, settings, resources.fetcher, resources.robots);
  }
}
