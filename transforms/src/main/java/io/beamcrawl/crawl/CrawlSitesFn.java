package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.util.RunShared;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;

/**
 * Crawls the sites of one element at once ({@link SiteCrawler}s on the worker's {@link
 * CrawlEngine}), handing their pages on as they come, a batch a call.
 *
 * <p>Splittable so that a runner commits pages while the crawl goes on, rather than when every
 * site is done: the restriction ({@link SitePositions}) numbers each site's pages. A call takes
 * what the sites fetched since the last one and what they fetch for {@link #BATCH_WAIT} more, up to
 * {@link #BATCH_PAGES} pages, then returns and asks to be called again; the crawl
 * goes on in the engine between calls, the way the Direct runner keeps an unbounded source's
 * reader across checkpoints. So one thread serves every site and the steps after the crawl, and
 * the runner resumes one element, not one per site.
 *
 * <p>The running crawls are a cache of what Beam holds: a site hands on its pages in a fixed
 * order, so a call whose restriction starts where this worker holds no crawl of the element (a
 * residual resumed elsewhere, or a retried bundle) crawls its sites again and leaves out each
 * site's pages before its position. The engine and the crawls live while an instance of the run
 * is set up on this worker, and are stopped by the last one's tear-down.
 *
 * <p>With a bound on pages in flight ({@link PagesInFlight}) and no room left, a call returns at
 * once and the runner calls again after {@link #ROOM_WAIT}; the sites meanwhile fill the room
 * their engine has for pages held, and wait.
 */
@DoFn.BoundedPerElement
final class CrawlSitesFn
    extends DoFn<KV<Integer, List<KV<String, List<CrawlJob>>>>, List<CrawledPage>> {

  static final int BATCH_PAGES = 200;
  static final Duration BATCH_WAIT = Duration.ofSeconds(1);
  /** How long a crawl with no room for more pages in flight waits before it looks again. */
  static final org.joda.time.Duration ROOM_WAIT = org.joda.time.Duration.millis(200);

  /** An element's crawl between calls. */
  private static final class Running {
    final BlockingQueue<Handover> handovers = new LinkedBlockingQueue<>();
    final List<SiteCrawler> sites = new ArrayList<>();
    final Map<SiteCrawler, Integer> index = new IdentityHashMap<>();
    /** Per site, the next position to claim: where the restriction starts while this is current. */
    final long[] next;
    /** Taken from the sites, not yet claimed: a call was checkpointed before it got to them. */
    final Deque<Handover> unclaimed = new ArrayDeque<>();
    int sitesLeft;

    Running(long[] from) {
      this.next = from.clone();
    }

    /**
     * What came since the last call and what comes for {@code wait} more: at most {@code max},
     * sooner when every site left has ended. Each call is a bundle of every step after the crawl
     * on the Direct runner, and a bundle costs the same for one page as for a hundred.
     */
    List<Handover> take(int max, Duration wait) throws InterruptedException {
      List<Handover> items = new ArrayList<>();
      int ended = 0;
      long deadline = System.nanoTime() + wait.toNanos();
      while (items.size() < max && ended < sitesLeft) {
        Handover item = unclaimed.poll();
        if (item == null) {
          long left = deadline - System.nanoTime();
          item = left > 0 ? handovers.poll(left, TimeUnit.NANOSECONDS) : handovers.poll();
        }
        if (item == null) {
          break;
        }
        items.add(item);
        if (item.page() == null) {
          ended++; // a site's end, or the failure that stops the crawl
        }
      }
      return items;
    }

    void close() {
      sites.forEach(SiteCrawler::close);
    }
  }

  /** What this worker's instances share while they run: the engine and the elements it crawls. */
  private static final class Worker implements AutoCloseable {
    final CrawlEngine engine;
    final Map<Integer, Running> elements = new ConcurrentHashMap<>();

    Worker(CrawlSettings settings) {
      this.engine = new CrawlEngine(settings);
    }

    @Override
    public void close() {
      elements.values().forEach(Running::close);
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

  CrawlSitesFn(
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
          worker.elements.values().forEach(Running::close);
          worker.elements.clear();
        });
  }

  @GetInitialRestriction
  public SitePositions positions(@Element KV<Integer, List<KV<String, List<CrawlJob>>>> element) {
    List<KV<String, List<CrawlJob>>> sites = element.getValue();
    long[] to = new long[sites.size()];
    for (int i = 0; i < to.length; i++) {
      for (CrawlJob job : sites.get(i).getValue()) {
        to[i] += job.maxPages();
      }
      to[i]++; // the URL counts
    }
    return new SitePositions(new long[to.length], to);
  }

  @NewTracker
  public SitePositions.Tracker tracker(@Restriction SitePositions positions) {
    return positions.newTracker();
  }

  @GetRestrictionCoder
  public Coder<SitePositions> restrictionCoder() {
    return SerializableCoder.of(SitePositions.class);
  }

  @GetSize
  public double size(@Restriction SitePositions positions) {
    double left = 0;
    for (int i = 0; i < positions.to.length; i++) {
      left += positions.to[i] - positions.from[i];
    }
    return left;
  }

  @ProcessElement
  public ProcessContinuation process(
      @Element KV<Integer, List<KV<String, List<CrawlJob>>>> element,
      RestrictionTracker<SitePositions, SitePositions.Claim> tracker,
      MultiOutputReceiver out)
      throws InterruptedException {
    SitePositions positions = tracker.currentRestriction();
    Running running = worker.elements.get(element.getKey());
    if (running == null || !Arrays.equals(running.next, positions.from)) {
      if (running != null) {
        running.close(); // an attempt the runner abandoned: it resumes from what it holds
      }
      worker.elements.put(element.getKey(), start(element.getValue(), positions));
      // Nothing to hand over yet: the sites start before their pages are waited for.
      return ProcessContinuation.resume();
    }
    if (!inFlight.hasRoom()) {
      // Pages emitted so far go on when this call returns; their steps make the room.
      return ProcessContinuation.resume().withResumeDelay(ROOM_WAIT);
    }
    List<Handover> items = running.take(batchPages, batchWait);
    int[] sites = new int[items.size()];
    long[] claimed = new long[items.size()];
    long[] next = running.next.clone();
    for (int k = 0; k < items.size(); k++) {
      Handover item = items.get(k);
      int site = running.index.get(item.site());
      long position = item.pageOrThrow() == null ? positions.to[site] - 1 : next[site];
      sites[k] = site;
      claimed[k] = position;
      next[site] = position + 1;
    }
    if (!items.isEmpty() && !tracker.tryClaim(new SitePositions.Claim(sites, claimed))) {
      for (int j = items.size() - 1; j >= 0; j--) {
        running.unclaimed.addFirst(items.get(j));
      }
      return ProcessContinuation.stop(); // checkpointed: the runner calls again for the rest
    }
    System.arraycopy(next, 0, running.next, 0, next.length);
    List<CrawledPage> batch = new ArrayList<>();
    for (Handover item : items) {
      CrawledPage page = item.pageOrThrow();
      if (page == null) {
        running.sitesLeft--;
        item.site().close();
        item.site()
            .urlCounts()
            .forEach((jobId, counts) -> out.get(Crawl.URL_COUNTS).output(KV.of(jobId, counts)));
      } else {
        item.site().handedOver(1);
        batch.add(page);
      }
    }
    if (!batch.isEmpty()) {
      inFlight.add(batch);
      out.get(Crawl.PAGE_BATCHES).output(batch);
      counters.count(batch);
    }
    if (running.sitesLeft == 0) {
      worker.elements.remove(element.getKey());
      return ProcessContinuation.stop();
    }
    return ProcessContinuation.resume();
  }

  /** Starts the sites with positions left, each leaving out the pages it handed on already. */
  private Running start(List<KV<String, List<CrawlJob>>> sites, SitePositions positions) {
    Running running = new Running(positions.from);
    for (int i = 0; i < sites.size(); i++) {
      if (positions.from[i] < positions.to[i]) {
        SiteCrawler site =
            worker.engine.start(sites.get(i).getValue(), positions.from[i], running.handovers);
        running.sites.add(site);
        running.index.put(site, i);
        running.sitesLeft++;
      }
    }
    return running;
  }
}
