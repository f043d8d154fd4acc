package io.beamcrawl.crawl;

import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Crawls the jobs of one site breadth first, depth by depth: each job's {@link JobFrontier}
 * selects the depth's URLs, and each host's share is fetched with its politeness kept (at most
 * {@code perHostConcurrency} requests in flight, or one at a time with the robots.txt
 * Crawl-delay between them). Hosts are fetched in parallel. A depth's links are only selected
 * once all of its pages are in, so the crawl is the same whatever order pages finish in.
 *
 * <p>The crawl runs on its own threads from {@link #start}; pages are handed over by {@link
 * #nextPages}, through a small queue, so fetching waits for a consumer that falls behind. Plain
 * Java, tested without Beam; {@link Crawl} runs one per site.
 */
final class SiteCrawler implements AutoCloseable {

  /** Pages fetched and not yet taken by {@link #nextPages}. */
  private static final int HANDOVER_PAGES = 64;

  /** One item of the handover: a page, or the end of the crawl (with its error, if it failed). */
  private record Handover(CrawledPage page, Throwable failure) {}

  private static final Handover END = new Handover(null, null);

  /** Pages a host may have in parsing beside its requests in flight: one per core keeps all busy. */
  private static final int PAGES_PARSED_AT_ONCE = Runtime.getRuntime().availableProcessors();

  /** What a host's lane hears from a page's task: it was fetched, it is done, or it failed. */
  private record LaneEvent(
      PageCrawler.Fetched fetched, PageCrawler.Outcome outcome, Throwable failure) {}

  /** What a host keeps from one depth to the next. */
  private static final class HostState {
    final HostBreaker breaker;
    long lastFinished;

    HostState(int maxFailures) {
      this.breaker = new HostBreaker(maxFailures);
    }
  }

  private final CrawlSettings settings;
  private final PageCrawler pageCrawler;
  private final RobotsCache robots;
  private final UrlNormalizer normalizer = new UrlNormalizer();
  private final Map<String, JobFrontier> frontiers = new LinkedHashMap<>();
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
  private final BlockingQueue<Handover> handover = new ArrayBlockingQueue<>(HANDOVER_PAGES);
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "beamcrawl-site");
            thread.setDaemon(true);
            return thread;
          });
  private boolean ended;

  private SiteCrawler(
      List<CrawlJob> jobs, CrawlSettings settings, HttpFetcher fetcher, RobotsCache robots) {
    this.settings = settings;
    this.pageCrawler =
        new PageCrawler(
            fetcher,
            robots,
            settings.maxFetchAttempts(),
            settings.fetchBackoff(),
            settings.markdown());
    this.robots = robots;
    for (CrawlJob job : jobs) {
      frontiers.put(job.id(), new JobFrontier(job, settings.trapRules()));
    }
  }

  /** Starts crawling {@code jobs}, which share their sites' politeness; pages come from nextPages. */
  static SiteCrawler start(
      List<CrawlJob> jobs, CrawlSettings settings, HttpFetcher fetcher, RobotsCache robots) {
    SiteCrawler crawler = new SiteCrawler(jobs, settings, fetcher, robots);
    crawler.threads.execute(crawler::crawl);
    return crawler;
  }

  /**
   * The next pages fetched: takes what comes until {@code maxPages}, or until {@code maxWait} has
   * passed, whether or not any came. None once the crawl is over ({@link #isOver}).
   *
   * @throws IllegalStateException when crawling failed for a reason other than a bad page or
   *     site (those become failed pages): a bug, for the runner to report and retry
   */
  List<CrawledPage> nextPages(int maxPages, Duration maxWait) throws InterruptedException {
    List<CrawledPage> pages = new ArrayList<>();
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (!ended && pages.size() < maxPages) {
      Handover item = handover.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (item == null) {
        break; // waited long enough: hand on what there is
      }
      if (item.failure() != null) {
        throw new IllegalStateException("crawling failed unexpectedly", item.failure());
      }
      ended = item.page() == null;
      if (!ended) {
        pages.add(item.page());
      }
    }
    return pages;
  }

  /** True once every page has been taken by {@link #nextPages}. */
  boolean isOver() {
    return ended;
  }

  /** Per job, what became of every distinct URL it discovered; complete once the crawl is over. */
  Map<String, UrlCounts> urlCounts() {
    Map<String, UrlCounts> counts = new LinkedHashMap<>();
    frontiers.forEach((jobId, frontier) -> counts.put(jobId, frontier.counts()));
    return counts;
  }

  /** Stops the crawl's threads, finished or not. */
  @Override
  public void close() {
    threads.shutdownNow();
  }

  private void crawl() {
    try {
      while (true) {
        List<FrontierUrl> depth = new ArrayList<>();
        for (JobFrontier frontier : frontiers.values()) {
          depth.addAll(frontier.selectNext(robots::isAllowed));
        }
        if (depth.isEmpty()) {
          break;
        }
        fetchDepth(depth);
      }
      handover.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed: nobody is waiting for the end
    } catch (Throwable failure) {
      try {
        handover.put(new Handover(null, failure));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Fetches one depth's URLs, every host at once, and waits until all are done. */
  private void fetchDepth(List<FrontierUrl> urls) throws InterruptedException, ExecutionException {
    Map<String, List<FrontierUrl>> byHost = new TreeMap<>();
    for (FrontierUrl url : urls) {
      byHost.computeIfAbsent(UrlParts.host(url.url()), host -> new ArrayList<>()).add(url);
    }
    List<Future<?>> lanes = new ArrayList<>();
    byHost.forEach(
        (host, hostUrls) ->
            lanes.add(
                threads.submit(
                    () -> {
                      fetchHost(host, hostUrls);
                      return null;
                    })));
    for (Future<?> lane : lanes) {
      lane.get();
    }
  }

  /**
   * One host's share of a depth, shallowest and smallest URLs first, politely: the host's limit
   * counts requests, so a page's parsing starts the next request. Pages fetched and not yet handed
   * over are bounded too, so that fetching cannot run ahead of parsing.
   */
  private void fetchHost(String host, List<FrontierUrl> urls) throws InterruptedException {
    urls.sort(BudgetCut.ORDER);
    HostState state = hosts.computeIfAbsent(host, h -> new HostState(settings.maxHostFailures()));
    long delayMillis =
        Math.min(robots.crawlDelayMillis(urls.get(0).url()), settings.maxCrawlDelay().toMillis());
    int concurrency = delayMillis > 0 ? 1 : settings.perHostConcurrency();
    int maxPages = concurrency + PAGES_PARSED_AT_ONCE;

    BlockingQueue<LaneEvent> events = new LinkedBlockingQueue<>();
    Iterator<FrontierUrl> next = urls.iterator();
    int fetching = 0;
    int pages = 0; // fetching, or fetched and not yet handed over
    while (next.hasNext() || pages > 0) {
      while (fetching < concurrency && pages < maxPages && next.hasNext()) {
        FrontierUrl url = next.next();
        if (state.breaker.isOpen()) {
          deliver(
              PageCrawler.notFetched(url, HostBreaker.HOST_UNRESPONSIVE, state.breaker.reason()));
          continue;
        }
        if (delayMillis > 0 && state.lastFinished > 0) {
          // Crawl-delay: the pause between the end of one request and the start of the next.
          Thread.sleep(Math.max(0, state.lastFinished + delayMillis - System.currentTimeMillis()));
        }
        JobFrontier frontier = frontiers.get(url.jobId());
        threads.execute(() -> crawlPage(url, frontier, events));
        fetching++;
        pages++;
      }
      if (pages == 0) {
        break; // the breaker opened and took the rest
      }
      LaneEvent event = events.take();
      if (event.failure() != null) {
        // PageCrawler turns every network and content problem into a failed page; anything else
        // is a bug, and the runner should retry and report it.
        throw new IllegalStateException("crawling a page failed unexpectedly", event.failure());
      }
      if (event.fetched() != null) {
        fetching--;
        state.breaker.record(event.fetched().fetch());
        state.lastFinished = System.currentTimeMillis();
      } else {
        pages--;
        deliver(event.outcome());
      }
    }
  }

  /** Fetches a page and tells its lane, then parses it and tells its lane again. */
  private void crawlPage(FrontierUrl url, JobFrontier frontier, BlockingQueue<LaneEvent> events) {
    try {
      PageCrawler.Fetched fetched = pageCrawler.fetch(url, frontier.scope());
      events.add(new LaneEvent(fetched, null, null));
      events.add(new LaneEvent(null, pageCrawler.process(fetched, frontier.job()), null));
    } catch (Throwable failure) {
      events.add(new LaneEvent(null, null, failure));
    }
  }

  /** Hands the page over and offers its links to its job's next depth. */
  private void deliver(PageCrawler.Outcome outcome) throws InterruptedException {
    CrawledPage page = outcome.page();
    JobFrontier frontier = frontiers.get(page.entry().jobId());
    outcome.outlinks().forEach(frontier::offer);
    for (String hop : outcome.redirects()) {
      String url = normalizer.normalize(hop, false);
      if (url != null) {
        frontier.markSeen(url);
      }
    }
    handover.put(new Handover(page, null));
  }
}
