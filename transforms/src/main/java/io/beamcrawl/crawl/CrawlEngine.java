package io.beamcrawl.crawl;

import io.beamcrawl.archive.WarcArchive;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.HopCheck;
import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.EarlierPage;
import io.beamcrawl.render.BrowserPool;
import io.beamcrawl.util.RunShared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One worker's crawl of many sites at once, the way Nutch's fetcher serves thousands of hosts
 * from one task: every site ({@link SiteCrawler}) keeps its own hosts' politeness, while the
 * worker's threads and memory are shared and bounded, whatever the number of sites. At most
 * {@link CrawlSettings#maxOpenRequests()} requests are open at once, on as many threads (idle ones
 * end), pages are parsed on one thread per core, and at most {@link
 * CrawlSettings#maxPagesHeld()} pages are held between being requested and being taken by their
 * consumer, shared out among the sites that wait for room ({@link PageRoom}).
 *
 * <p>Plain Java, tested without Beam. {@link #close} stops every site's crawl and the threads.
 */
final class CrawlEngine implements AutoCloseable {

  private static final long IDLE_THREAD_SECONDS = 10;

  /** A worker's browser, shared by the run's engines on it (Flink's slots): started once. */
  private static final RunShared<BrowserPool> BROWSERS = new RunShared<>();

  private final CrawlSettings settings;
  private final HttpFetcher fetcher;
  private final WarcArchive archive;
  final RobotsCache robots;
  final PageCrawler pageCrawler;
  /** Renders the pages of jobs that ask for it; null when no job of the run renders. */
  final PageRenderer renderer;
  final LinkScorer scorer;
  final ThreadPoolExecutor requests;
  final ThreadPoolExecutor parsing;
  final ScheduledThreadPoolExecutor timer;
  /** Room for the pages held, shared out among the sites. */
  final PageRoom room;
  private ThreadPoolExecutor linkPicks;
  /** The earlier crawls' pages by job and URL, or why they could not be read; read when a site first asks. */
  private final Object earlierLock = new Object();
  private Map<String, Map<String, EarlierPage>> earlierPages;
  private UncheckedIOException earlierFailure;
  /** The request threads' tasks, served site by site. */
  private final SiteFairQueue requestQueue = new SiteFairQueue();

  CrawlEngine(CrawlSettings settings) {
    this.settings = settings;
    this.fetcher = new HttpFetcher(settings.fetch());
    this.robots = new RobotsCache(fetcher, settings.robotName());
    this.scorer = LinkScorer.of(settings.relevanceModel());
    this.archive = settings.warc() == null ? null : new WarcArchive(settings.warc());
    this.pageCrawler =
        new PageCrawler(
            fetcher,
            robots,
            settings.maxFetchAttempts(),
            settings.fetchBackoff(),
            settings.markdown(),
            scorer,
            archive,
            settings.robotName());
    this.renderer =
        settings.render() == null
            ? null
            : new PageRenderer(
                pageCrawler,
                BROWSERS.acquire(settings.runId(), () -> new BrowserPool(settings.render(), settings.fetch())),
                settings.screenshots(),
                archive);
    this.requests = pool(settings.maxOpenRequests(), "beamcrawl-request", requestQueue);
    this.parsing = pool(Runtime.getRuntime().availableProcessors(), "beamcrawl-parse");
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("beamcrawl-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.room = new PageRoom(settings.maxPagesHeld());
  }

  CrawlSettings settings() {
    return settings;
  }

  /** The run's browser on this worker, while an engine of the run is open; for tests. */
  static void ifBrowser(String runId, Consumer<BrowserPool> action) {
    BROWSERS.ifPresent(runId, action);
  }

  /** A sitemap file, fetched as robots.txt is: once, no retries, every redirect hop guarded. */
  FetchResult fetchSitemap(String url) {
    return fetcher.fetch(url, HopCheck.ALLOW_ALL);
  }

  /**
   * The earlier crawl's successes of an incremental job, by URL (none for a full crawl): read for
   * every job of the run by the first site that asks, on its request thread.
   */
  Map<String, EarlierPage> earlierPages(CrawlJob job) {
    if (job.earlierCrawl() == null || settings.earlierCrawls() == null) {
      return Map.of();
    }
    synchronized (earlierLock) {
      if (earlierPages == null && earlierFailure == null) {
        try {
          earlierPages = settings.earlierCrawls().read();
        } catch (IOException e) {
          earlierFailure =
              new UncheckedIOException("cannot read the earlier crawls: " + e.getMessage(), e);
        }
      }
      if (earlierFailure != null) {
        throw earlierFailure;
      }
      return earlierPages.getOrDefault(job.id(), Map.of());
    }
  }

  /**
   * The threads that wait for a model to pick a page's links ({@link LinkPicker}), made when a
   * job first needs them: a call takes seconds, and must hold neither a parse thread nor a
   * request thread.
   */
  synchronized ThreadPoolExecutor linkPicks() {
    if (linkPicks == null) {
      linkPicks = pool(settings.linkPicksAtOnce(), "beamcrawl-link-picks");
      if (requests.isShutdown()) {
        linkPicks.shutdownNow();
      }
    }
    return linkPicks;
  }

  /**
   * Starts crawling a site's jobs, which share its hosts' politeness; its pages, then its end, go
   * to {@code out} in the site's own fixed order, the first {@code skip} of them left out (a crawl
   * replayed after that many pages were handed on). Whoever takes a page from {@code out} calls
   * {@link #taken}.
   */
  SiteCrawler start(List<CrawlJob> jobs, long skip, BlockingQueue<Handover> out) {
    SiteCrawler site = new SiteCrawler(this, jobs, skip, out);
    site.begin();
    return site;
  }

  /**
   * Where a site's tasks for the request threads go: they run in the site's turn ({@link
   * SiteFairQueue}), so no site waits behind all the others' requests.
   */
  Executor requestsOfASite() {
    SiteFairQueue.Lane lane = requestQueue.newLane();
    return work -> requests.execute(lane.task(work));
  }

  /** Stops every site's crawl: no request is started after this, and open ones are interrupted. */
  @Override
  public void close() {
    requests.shutdownNow();
    parsing.shutdownNow();
    synchronized (this) {
      if (linkPicks != null) {
        linkPicks.shutdownNow();
      }
    }
    timer.shutdownNow();
    fetcher.close();
    if (renderer != null) {
      BROWSERS.release(settings.runId());
    }
    if (archive != null) {
      try {
        archive.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot close the WARC file being written", e);
      }
    }
  }

  private static ThreadPoolExecutor pool(int threads, String name) {
    return pool(threads, name, new LinkedBlockingQueue<>());
  }

  private static ThreadPoolExecutor pool(int threads, String name, BlockingQueue<Runnable> queue) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(threads, threads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS, queue, daemon(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Daemon threads, so that a worker whose pipeline forgot to close the engine can still exit. */
  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
