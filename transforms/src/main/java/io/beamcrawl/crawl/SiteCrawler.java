package io.beamcrawl.crawl;

import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.EarlierPage;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.model.SitemapMode;
import io.beamcrawl.render.RenderHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Crawls the jobs of one site breadth first, depth by depth, on its {@link CrawlEngine}'s shared
 * threads: each job's {@link JobFrontier} selects the depth's URLs, and each host is fetched with
 * its politeness kept (at most {@code perHostConcurrency} requests in flight, or one at a time
 * with the robots.txt Crawl-delay between them). A depth's links are only selected once all of its
 * pages are in, so the crawl is the same whatever order pages finish in.
 *
 * <p>Pages are handed on in the site's own order: a depth's URLs host by host in turn, each host's
 * shallowest and smallest first. Requests start in that order too, and a page that finishes early
 * waits for the ones before it, so the handed-on pages are the same sequence on every run, and a
 * crawl replayed after its first pages were handed on can leave exactly those out. Nothing waits
 * on a thread of its own: every step is a task on the engine's pools, so a site costs memory, not
 * threads. A page whose job has a model pick its links ({@link LinkPicker}) waits for that call
 * on the engine's own pool for it before its links are offered and it is handed on.
 */
final class SiteCrawler implements AutoCloseable {

  /** Requests and pages in parsing a host may have ahead of the oldest page not handed on. */
  private static final int PAGES_PARSED_AT_ONCE = Runtime.getRuntime().availableProcessors();

  /** What a host keeps from one depth to the next; guarded by the site. */
  private static final class Host {
    final HostBreaker breaker;
    final int concurrency;
    final long delayMillis;
    int inFlight;
    long lastFinished;

    Host(HostBreaker breaker, int concurrency, long delayMillis) {
      this.breaker = breaker;
      this.concurrency = concurrency;
      this.delayMillis = delayMillis;
    }
  }

  private final CrawlEngine engine;
  /** The engine's request threads, taking this site's tasks in its turn. */
  private final Executor requests;
  private final Map<String, JobFrontier> frontiers = new LinkedHashMap<>();
  private final BlockingQueue<Handover> out;
  private final UrlNormalizer normalizer = new UrlNormalizer();
  private final Map<String, Host> hosts = new HashMap<>();
  /** Whether rendering matters on this site, for its jobs that render when a page needs it. */
  private final RenderHistory renderHistory = new RenderHistory();
  /** Pages this site holds room for in the engine: requested and not yet taken. */
  private final PageRoom.Account room;
  private long skip;
  /**
   * The site's sitemaps, read once beside the first depth's requests (before them only when a
   * job's seeds are its sitemaps' URLs) and offered after the seeds' selection; null before the
   * first depth. The first depth's pages are handed on once it is done, with their sitemap dates.
   */
  private CompletableFuture<Void> sitemapsRead;
  /**
   * Per incremental job, its earlier crawl's successes by URL: read before the first request,
   * only read after, as the sitemaps' dates are.
   */
  private Map<String, Map<String, EarlierPage>> earlier;
  /** The incremental jobs' earlier pages were offered, after every link was followed. */
  private boolean earlierOffered;
  /** The hosts whose lanes the sitemaps' read holds; guarded by this. */
  private final List<Host> sitemapLanes = new ArrayList<>();
  /** When the sitemaps say a URL last changed, by job and URL; guarded by this. */
  private final Map<String, Long> lastModified = new HashMap<>();

  // The depth being crawled, guarded by this: its URLs in the site's order, their outcomes until
  // handed on, the next to request and how many were handed on.
  private List<FrontierUrl> depth = List.of();
  private PageCrawler.Outcome[] outcomes = new PageCrawler.Outcome[0];
  private int requested;
  private int handedOn;
  private int window;
  /**
   * The next depth was asked for: once a depth is handed on whole, however many times it is
   * looked at after (the sitemaps' arrival looks too); true until the first depth is set.
   */
  private boolean nextDepthAsked = true;
  private boolean wakeUpSet;
  private volatile boolean closed;
  private volatile boolean abandoned;

  SiteCrawler(CrawlEngine engine, List<CrawlJob> jobs, long skip, BlockingQueue<Handover> out) {
    this.engine = engine;
    this.requests = engine.requestsOfASite();
    this.room = engine.room.open(this::roomGiven);
    this.out = out;
    this.skip = skip;
    for (CrawlJob job : jobs) {
      if (job.picksLinksWithModel() && engine.settings().linkPicker() == null) {
        throw new IllegalArgumentException(
            "job \"" + job.id() + "\" picks its links with a model: it needs an LLM endpoint");
      }
      frontiers.put(job.id(), new JobFrontier(job, engine.settings().trapRules(), engine.scorer));
    }
  }

  /**
   * Room was given to this site while it waited: it schedules on the engine's timer, not on the
   * thread that gave the room back, which may hold another site's lock.
   */
  private void roomGiven() {
    try {
      engine.timer.execute(this::schedule);
    } catch (RejectedExecutionException e) {
      // the engine is closed: nothing more is requested
    }
  }

  /** Starts the crawl: its first depth is selected on a request thread. */
  void begin() {
    requests.execute(this::nextDepth);
  }

  /** Pages of this site taken by its consumer: their room goes back to the engine. */
  void handedOver(int pages) {
    if (!abandoned) {
      engine.room.taken(room, pages);
    }
  }

  /** Per job, what became of every distinct URL it discovered; complete once the crawl is over. */
  Map<String, UrlCounts> urlCounts() {
    Map<String, UrlCounts> counts = new LinkedHashMap<>();
    frontiers.forEach((jobId, frontier) -> counts.put(jobId, frontier.counts()));
    return counts;
  }

  /** Stops this site's crawl, finished or not, and gives back the room its pages held. */
  @Override
  public void close() {
    closed = true;
    abandoned = true;
    engine.room.close(room);
  }

  /** Selects the next depth's URLs (robots.txt may be fetched) and starts requesting them. */
  void nextDepth() {
    if (closed) {
      return;
    }
    try {
      List<FrontierUrl> urls;
      if (sitemapsRead == null) {
        earlier = new HashMap<>();
        frontiers.forEach((jobId, frontier) -> earlier.put(jobId, engine.earlierPages(frontier.job())));
        urls = firstDepth();
        if (urls == null) {
          return; // no seed to fetch: the depth is chosen once the sitemaps are in
        }
      } else {
        urls = selectNext();
      }
      // What an earlier crawl fetched and no link reached now is asked for last: gone, or not.
      if (urls.isEmpty() && offerEarlierPages()) {
        urls = selectNext();
      }
      if (urls.isEmpty()) {
        closed = true;
        out.add(Handover.end(this));
        return;
      }
      Map<String, List<FrontierUrl>> byHost = new TreeMap<>();
      for (FrontierUrl url : urls) {
        byHost.computeIfAbsent(UrlParts.host(url.url()), h -> new ArrayList<>()).add(url);
      }
      byHost.forEach((host, hostUrls) -> knowHost(host, hostUrls.get(0).url()));
      synchronized (this) {
        depth = inSiteOrder(byHost);
        outcomes = new PageCrawler.Outcome[depth.size()];
        requested = 0;
        handedOn = 0;
        window = byHost.size() * (engine.settings().perHostConcurrency() + PAGES_PARSED_AT_ONCE);
        nextDepthAsked = false;
        holdSitemapLanes();
      }
      schedule();
    } catch (Throwable failure) {
      fail(failure);
    }
  }

  private List<FrontierUrl> selectNext() {
    List<FrontierUrl> urls = new ArrayList<>();
    for (JobFrontier frontier : frontiers.values()) {
      urls.addAll(frontier.selectNext(engine.robots::isAllowed));
    }
    return urls;
  }

  /**
   * Selects the seeds, with the sitemaps read beside their requests: their URLs are candidates of
   * the round after the seeds, beside the seeds' links, so they cost no round before the first
   * page. Only a job whose seeds are its sitemaps' URLs has them read first.
   *
   * @return the first depth's URLs, or null when there are none until the sitemaps are in
   */
  private List<FrontierUrl> firstDepth() {
    boolean seedsFromSitemaps =
        frontiers.values().stream().anyMatch(frontier -> frontier.job().sitemap() == SitemapMode.ONLY);
    CompletableFuture<SitemapsFound> reading =
        seedsFromSitemaps
            ? CompletableFuture.completedFuture(readSitemaps())
            : CompletableFuture.supplyAsync(this::readSitemaps, requests);
    if (seedsFromSitemaps) {
      reading.join().seeds().forEach((jobId, seeds) -> frontiers.get(jobId).replaceSeeds(seeds));
    }
    List<FrontierUrl> urls = selectNext();
    sitemapsRead = reading.thenAccept(this::offer); // after the seeds' selection, whenever it comes
    if (sitemapsRead.isDone()) {
      sitemapsRead.join(); // a failed read fails the site here
      return urls.isEmpty() ? selectNext() : urls;
    }
    boolean noSeeds = urls.isEmpty();
    sitemapsRead.whenComplete((done, failure) -> {
      try {
        if (failure != null) {
          fail(failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure);
        } else if (noSeeds) {
          requests.execute(this::nextDepth); // no depth was set: no lane was held
        } else {
          requests.execute(this::handOnWhatWaited);
        }
      } catch (RejectedExecutionException e) {
        closed = true;
      }
    });
    return noSeeds ? null : urls;
  }

  /** The first depth's pages that waited for the sitemaps' dates; their hosts' lanes back. */
  private void handOnWhatWaited() {
    synchronized (this) {
      releaseSitemapLanes();
      handOnInOrder();
    }
    schedule();
  }

  /**
   * While the sitemaps are read beside the first depth, each job's base host (where robots.txt
   * names them, and where /sitemap.xml is) gives a lane to the read: the host's limit counts the
   * sitemaps' requests as its pages'. The lock held.
   */
  private void holdSitemapLanes() {
    if (sitemapsRead.isDone() || !sitemapLanes.isEmpty()) {
      return;
    }
    for (JobFrontier frontier : frontiers.values()) {
      Host host = hosts.get(UrlParts.host(frontier.job().baseUrl()));
      if (frontier.job().sitemap() != SitemapMode.SKIP && host != null && !sitemapLanes.contains(host)) {
        host.inFlight++;
        sitemapLanes.add(host);
      }
    }
  }

  /** The lanes {@link #holdSitemapLanes} held, back to their hosts. The lock held. */
  private void releaseSitemapLanes() {
    sitemapLanes.forEach(host -> host.inFlight--);
    sitemapLanes.clear();
  }

  /**
   * What the sitemaps of a site's jobs give: per job crawling only them, its seeds; per other job
   * following links, the URLs to offer; when each URL last changed.
   */
  private record SitemapsFound(
      Map<String, List<FrontierUrl>> seeds,
      Map<String, List<Sitemaps.Entry>> toOffer,
      Map<String, Long> lastModified) {}

  /** Offers the sitemaps' URLs kept for after the seeds' selection, and keeps their dates. */
  private synchronized void offer(SitemapsFound found) {
    lastModified.putAll(found.lastModified());
    found.toOffer().forEach((jobId, entries) -> {
      JobFrontier frontier = frontiers.get(jobId);
      entries.forEach(e -> frontier.offer(new FrontierUrl(jobId, e.url(), 1, e.sitemapUrl())));
    });
  }

  /**
   * Reads the sitemaps of every job that uses them, once; touches nothing of the site's, so it
   * may run beside the first depth's requests.
   */
  private SitemapsFound readSitemaps() {
    Map<String, List<FrontierUrl>> seeds = new LinkedHashMap<>();
    Map<String, List<Sitemaps.Entry>> toOffer = new LinkedHashMap<>();
    Map<String, Long> dates = new HashMap<>();
    UrlNormalizer urls = new UrlNormalizer(); // the site's own is the hand-on's
    Map<String, FetchResult> fetched = new HashMap<>(); // jobs of one site share its sitemaps
    for (JobFrontier frontier : frontiers.values()) {
      CrawlJob job = frontier.job();
      if (job.sitemap() == SitemapMode.SKIP) {
        continue;
      }
      List<Sitemaps.Entry> entries =
          Sitemaps.of(
              job.baseUrl(),
              engine.robots.sitemaps(job.baseUrl()),
              url -> fetched.computeIfAbsent(url, u -> engine.robots.isAllowed(u)
                  ? engine.fetchSitemap(u)
                  : FetchResult.notFetched(u, FetchError.HTTP_ERROR, "disallowed by robots.txt")));
      List<Sitemaps.Entry> normalised = new ArrayList<>(entries.size());
      for (Sitemaps.Entry entry : entries) {
        String url = urls.normalize(entry.url(), job.ignoreQueryParams());
        if (url != null) {
          normalised.add(new Sitemaps.Entry(url, entry.lastModified(), entry.sitemapUrl()));
          if (entry.lastModified() != null) {
            dates.putIfAbsent(job.id() + " " + url, entry.lastModified());
          }
        }
      }
      if (job.sitemap() == SitemapMode.ONLY) {
        List<FrontierUrl> jobSeeds = new ArrayList<>();
        normalised.forEach(e -> jobSeeds.add(new FrontierUrl(job.id(), e.url(), 0, e.sitemapUrl())));
        seeds.put(job.id(), jobSeeds);
      } else if (job.maxDepth() > 0) {
        toOffer.put(job.id(), normalised);
      }
    }
    return new SitemapsFound(seeds, toOffer, dates);
  }

  /**
   * Offers, once, the pages the earlier crawls of the site's incremental jobs fetched, to the
   * jobs with budget left; true when there were any. Those the crawl has seen are dropped by the
   * frontier, those deeper than the job goes now are not offered, and each goes through the
   * frontier's scope and trap rules as a link of its earlier parent (of the base URL for a seed).
   */
  private boolean offerEarlierPages() {
    if (earlierOffered) {
      return false;
    }
    earlierOffered = true;
    boolean offered = false;
    for (JobFrontier frontier : frontiers.values()) {
      CrawlJob job = frontier.job();
      if (!frontier.hasBudget()) {
        continue;
      }
      for (EarlierPage page : earlier.get(job.id()).values()) {
        if (page.depth() <= job.maxDepth()) {
          String parent = page.parentUrl() == null ? job.baseUrl() : page.parentUrl();
          frontier.offer(new FrontierUrl(job.id(), page.url(), page.depth(), parent));
          offered = true;
        }
      }
    }
    return offered;
  }

  /**
   * Requests the depth's next URLs in order while their hosts, the site's window and the engine's
   * room allow; when one of them does not, waits to be called again (by a finished request, a
   * Crawl-delay's end, or the engine when room comes back).
   */
  synchronized void schedule() {
    try {
      while (!closed && requested < depth.size()) {
        FrontierUrl url = depth.get(requested);
        Host host = hosts.get(UrlParts.host(url.url()));
        boolean giveUp = host.breaker.isOpen();
        if (!giveUp) {
          if (host.inFlight >= host.concurrency || requested - handedOn >= window) {
            return;
          }
          long wait = crawlDelayLeft(host);
          if (wait > 0) {
            wakeUpAfter(wait);
            return;
          }
        }
        if (!engine.room.tryHold(room)) {
          return;
        }
        int rank = requested++;
        if (giveUp) {
          engine.room.answered(room);
          CrawledPage skipped =
              PageCrawler.notFetched(url, FetchError.HOST_UNRESPONSIVE, host.breaker.reason()).page();
          outcomes[rank] =
              new PageCrawler.Outcome(
                  PageCrawler.compared(skipped, frontiers.get(url.jobId()).job(), earlierPage(url)),
                  List.of(),
                  List.of());
          handOnInOrder();
        } else {
          host.inFlight++;
          requests.execute(() -> fetch(rank, url, host));
        }
      }
    } catch (RejectedExecutionException e) {
      closed = true; // the engine was closed: the crawl is being stopped
    } catch (Throwable failure) {
      fail(failure);
    }
  }

  private void fetch(int rank, FrontierUrl url, Host host) {
    if (closed) {
      return;
    }
    try {
      JobFrontier frontier = frontiers.get(url.jobId());
      EarlierPage earlier = earlierPage(url);
      PageCrawler.Fetched fetched = engine.pageCrawler.fetch(url, frontier.scope(), earlier);
      // A page being rendered holds its host's lane: the browser's requests are the host's too.
      PageCrawler.Outcome rendered =
          engine.renderer == null
              ? null
              : engine.renderer.crawl(fetched, frontier.job(), earlier, renderHistory);
      engine.room.answered(room);
      synchronized (this) {
        host.inFlight--;
        host.breaker.record(fetched.fetch());
        host.lastFinished = System.currentTimeMillis();
      }
      if (rendered == null) {
        engine.parsing.execute(() -> parse(rank, fetched, frontier));
      } else {
        engine.parsing.execute(() -> parsed(rank, rendered, frontier));
      }
      schedule();
    } catch (RejectedExecutionException e) {
      closed = true;
    } catch (InterruptedException e) {
      closed = true; // the engine is being closed: the crawl is being stopped
      Thread.currentThread().interrupt();
    } catch (Throwable failure) {
      fail(failure);
    }
  }

  private void parse(int rank, PageCrawler.Fetched fetched, JobFrontier frontier) {
    if (closed) {
      return;
    }
    try {
      parsed(rank, engine.pageCrawler.process(fetched, frontier.job(), earlierPage(fetched.entry())), frontier);
    } catch (RejectedExecutionException e) {
      closed = true;
    } catch (Throwable failure) {
      fail(failure);
    }
  }

  /** A processed page: to the model for its links when its job asks, else handed on in order. */
  private void parsed(int rank, PageCrawler.Outcome outcome, JobFrontier frontier) {
    if (closed) {
      return;
    }
    try {
      // A page that asks not to be indexed goes to no model, nor one found unchanged: their links
      // keep the offline score.
      CrawledPage page = outcome.page();
      if (frontier.picksLinks() && !outcome.outlinks().isEmpty() && !page.noindex()
          && !page.isUnchanged()) {
        engine.linkPicks().execute(() -> pickLinks(rank, outcome, frontier));
      } else {
        finished(rank, outcome);
      }
    } catch (RejectedExecutionException e) {
      closed = true;
    } catch (Throwable failure) {
      fail(failure);
    }
  }

  /** Asks the model which of the page's new links its job's instruction wants followed. */
  private void pickLinks(int rank, PageCrawler.Outcome outcome, JobFrontier frontier) {
    if (closed) {
      return;
    }
    try {
      List<Candidate> judged = frontier.toJudge(outcome.outlinks(), engine.robots::isAllowed);
      if (judged.isEmpty()) {
        finished(rank, outcome);
        return;
      }
      List<LinkPicker.Offer> offers = new ArrayList<>(judged.size());
      judged.forEach(link -> offers.add(new LinkPicker.Offer(link.link().url(), link.anchorText())));
      CrawledPage page = outcome.page();
      LinkPicks picks =
          engine
              .settings()
              .linkPicker()
              .pick(
                  frontier.job().crawlInstruction(),
                  page.entry().url(),
                  page.parsed() == null ? null : page.parsed().title(),
                  offers);
      finished(rank, outcome.withPicks(judged, picks));
    } catch (RejectedExecutionException e) {
      closed = true;
    } catch (Throwable failure) {
      fail(failure);
    }
  }

  private void finished(int rank, PageCrawler.Outcome outcome) {
    synchronized (this) {
      outcomes[rank] = outcome;
      handOnInOrder();
    }
    schedule(); // the window may have room again
  }

  /** Hands on the depth's finished pages that no earlier page is still waited for. */
  private void handOnInOrder() {
    if (!sitemapsRead.isDone()) {
      return; // the first depth's pages wait for their sitemap dates
    }
    while (handedOn < requested && outcomes[handedOn] != null) {
      PageCrawler.Outcome outcome = outcomes[handedOn];
      outcomes[handedOn++] = null;
      Long date = sitemapLastModified(outcome.page().entry());
      CrawledPage page = date == null ? outcome.page() : outcome.page().withSitemapLastModified(date);
      JobFrontier frontier = frontiers.get(page.entry().jobId());
      outcome.outlinks().forEach(frontier::offer);
      for (String hop : outcome.redirects()) {
        String url = normalizer.normalize(hop, false);
        if (url != null) {
          frontier.markSeen(url);
        }
      }
      if (skip > 0) {
        skip--; // handed on before this crawl was replayed
        handedOver(1);
      } else {
        out.add(Handover.page(this, page));
      }
    }
    if (handedOn == depth.size() && !nextDepthAsked) {
      nextDepthAsked = true;
      requests.execute(this::nextDepth);
    }
  }

  /** The earlier crawl's success at the URL, when its job is incremental and had one. */
  private EarlierPage earlierPage(FrontierUrl url) {
    return earlier.get(url.jobId()).get(url.url());
  }

  private Long sitemapLastModified(FrontierUrl url) {
    return lastModified.isEmpty() ? null : lastModified.get(url.jobId() + " " + url.url());
  }

  /** A host's politeness, known from the first of its URLs the site meets (robots.txt). */
  private void knowHost(String name, String firstUrl) {
    synchronized (this) {
      if (hosts.containsKey(name)) {
        return;
      }
    }
    CrawlSettings settings = engine.settings();
    long delay =
        Math.min(engine.robots.crawlDelayMillis(firstUrl), settings.maxCrawlDelay().toMillis());
    Host host =
        new Host(
            new HostBreaker(settings.maxHostFailures()),
            delay > 0 ? 1 : settings.perHostConcurrency(),
            delay);
    synchronized (this) {
      hosts.putIfAbsent(name, host);
    }
  }

  /** How long the host's Crawl-delay still asks to wait after its last request, in ms. */
  private static long crawlDelayLeft(Host host) {
    if (host.delayMillis <= 0 || host.lastFinished == 0) {
      return 0;
    }
    return host.lastFinished + host.delayMillis - System.currentTimeMillis();
  }

  private void wakeUpAfter(long millis) {
    if (!wakeUpSet) {
      wakeUpSet = true;
      engine.timer.schedule(
          () -> {
            synchronized (this) {
              wakeUpSet = false;
            }
            schedule();
          },
          millis,
          TimeUnit.MILLISECONDS);
    }
  }

  private void fail(Throwable failure) {
    if (!closed) {
      closed = true;
      out.add(Handover.failed(this, failure));
    }
  }

  /**
   * A depth's URLs host by host in turn (hosts by name), each host's in {@link BudgetCut#ORDER}
   * and then by job: a fixed order, so a depth is handed on the same way on every run.
   */
  private static List<FrontierUrl> inSiteOrder(Map<String, List<FrontierUrl>> byHost) {
    Comparator<FrontierUrl> order = BudgetCut.ORDER.thenComparing(FrontierUrl::jobId);
    List<Iterator<FrontierUrl>> lanes = new ArrayList<>();
    int total = 0;
    for (List<FrontierUrl> urls : byHost.values()) {
      urls.sort(order);
      lanes.add(urls.iterator());
      total += urls.size();
    }
    List<FrontierUrl> ordered = new ArrayList<>(total);
    while (ordered.size() < total) {
      for (Iterator<FrontierUrl> lane : lanes) {
        if (lane.hasNext()) {
          ordered.add(lane.next());
        }
      }
    }
    return ordered;
  }
}
