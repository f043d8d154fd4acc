package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.util.Threads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Fetches a round's frontier. URLs are grouped by host so one worker owns each host's politeness:
 * at most {@code perHostConcurrency} requests in flight, or one at a time with the robots.txt
 * Crawl-delay between them. Hosts are fetched in parallel across workers.
 *
 * <p>Output: {@link CrawlState#PAGES}, the next round's {@link CrawlState#CANDIDATES}, and the
 * redirect targets as {@link CrawlState#SEEN} keys so later rounds do not fetch them again.
 */
public final class FetchPages extends PTransform<PCollection<FrontierUrl>, PCollectionTuple> {

  /** Metric names, shown live as progress and on runner dashboards. */
  public static final String METRICS_NAMESPACE = "beamcrawl";

  public static final String PAGES_FETCHED = "pages_fetched";
  public static final String PAGES_FAILED = "pages_failed";
  public static final String BYTES_FETCHED = "bytes_fetched";

  private final PCollectionView<Map<String, CrawlJob>> jobs;
  private final CrawlSettings settings;

  FetchPages(PCollectionView<Map<String, CrawlJob>> jobs, CrawlSettings settings) {
    this.jobs = jobs;
    this.settings = settings;
  }

  @Override
  public PCollectionTuple expand(PCollection<FrontierUrl> frontier) {
    PCollectionTuple fetched =
        frontier
            .apply(
                "KeyByHost",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(FrontierUrl.class)))
                    .via(url -> KV.of(UrlParts.host(url.url()), url)))
            .apply("GroupByHost", GroupByKey.create())
            .apply(
                "FetchHost",
                ParDo.of(new FetchHostFn(jobs, settings))
                    .withSideInputs(jobs)
                    .withOutputTags(
                        CrawlState.PAGES,
                        TupleTagList.of(CrawlState.CANDIDATES).and(CrawlState.SEEN)));
    fetched.get(CrawlState.SEEN).setCoder(KvCoder.of(StringUtf8Coder.of(), VoidCoder.of()));
    return fetched;
  }

  /** Fetches one host's URLs with bounded concurrency, emitting each page as soon as it is done. */
  static final class FetchHostFn extends DoFn<KV<String, Iterable<FrontierUrl>>, CrawledPage> {
    private final PCollectionView<Map<String, CrawlJob>> jobs;
    private final CrawlSettings settings;
    private final Counter pagesFetched = Metrics.counter(METRICS_NAMESPACE, PAGES_FETCHED);
    private final Counter pagesFailed = Metrics.counter(METRICS_NAMESPACE, PAGES_FAILED);
    private final Counter bytesFetched = Metrics.counter(METRICS_NAMESPACE, BYTES_FETCHED);
    private final UrlNormalizer normalizer = new UrlNormalizer();
    private transient ExecutorService pool;

    FetchHostFn(PCollectionView<Map<String, CrawlJob>> jobs, CrawlSettings settings) {
      this.jobs = jobs;
      this.settings = settings;
    }

    @Setup
    public void setup() {
      pool = Threads.daemonPool(settings.perHostConcurrency(), "beamcrawl-fetch");
    }

    @Teardown
    public void teardown() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<FrontierUrl>> host,
        ProcessContext context,
        MultiOutputReceiver out)
        throws InterruptedException {
      Map<String, CrawlJob> jobsById = context.sideInput(jobs);
      List<FrontierUrl> urls = new ArrayList<>();
      host.getValue().forEach(urls::add);
      urls.sort(BudgetCut.ORDER);

      WorkerResources resources = WorkerResources.forRun(settings);
      PageCrawler crawler = new PageCrawler(
              resources.fetcher,
              resources.robots,
              settings.maxFetchAttempts(),
              settings.fetchBackoff(),
              settings.markdown());
      Map<String, Scope> scopes = new HashMap<>();
      long delayMillis =
          Math.min(
              resources.robots.crawlDelayMillis(urls.get(0).url()),
              settings.maxCrawlDelay().toMillis());
      int concurrency = delayMillis > 0 ? 1 : settings.perHostConcurrency();

      // A link found on many of the host's pages goes to the next round once, from its first
      // finder, the one SelectFrontier would keep: far fewer elements to shuffle and hold.
      Map<String, FrontierUrl> candidates = new HashMap<>();
      HostBreaker breaker = new HostBreaker(settings.maxHostFailures());
      CompletionService<PageCrawler.Outcome> done = new ExecutorCompletionService<>(pool);
      Iterator<FrontierUrl> next = urls.iterator();
      int inFlight = 0;
      long lastFinished = 0;
      while (next.hasNext() || inFlight > 0) {
        while (inFlight < concurrency && next.hasNext()) {
          FrontierUrl url = next.next();
          if (breaker.isOpen()) {
            emit(
                PageCrawler.notFetched(url, HostBreaker.HOST_UNRESPONSIVE, breaker.reason()),
                candidates,
                out);
            continue;
          }
          CrawlJob job = jobsById.get(url.jobId());
          Scope scope = scopes.computeIfAbsent(job.id(), id -> Scope.of(job));
          if (delayMillis > 0 && lastFinished > 0) {
            // Crawl-delay: the pause between the end of one request and the start of the next.
            Thread.sleep(Math.max(0, lastFinished + delayMillis - System.currentTimeMillis()));
          }
          done.submit(() -> crawler.crawl(url, job, scope));
          inFlight++;
        }
        if (inFlight == 0) {
          break; // the breaker opened and took the rest
        }
        PageCrawler.Outcome outcome = take(done.take());
        inFlight--;
        breaker.record(outcome.page().fetch());
        lastFinished = System.currentTimeMillis();
        emit(outcome, candidates, out);
      }
      candidates.values().forEach(out.get(CrawlState.CANDIDATES)::output);
    }

    private void emit(
        PageCrawler.Outcome outcome,
        Map<String, FrontierUrl> candidates,
        MultiOutputReceiver out) {
      CrawledPage page = outcome.page();
      out.get(CrawlState.PAGES).output(page);
      (page.isSuccess() ? pagesFetched : pagesFailed).inc();
      bytesFetched.inc(page.fetch().sizeBytes());
      for (FrontierUrl link : outcome.outlinks()) {
        candidates.merge(
            JobUrlKey.of(link.jobId(), link.url()), link, SelectFrontier::firstFinder);
      }
      for (String hop : outcome.redirects()) {
        String url = normalizer.normalize(hop, false);
        if (url != null) {
          out.get(CrawlState.SEEN).output(KV.of(JobUrlKey.of(page.entry().jobId(), url), null));
        }
      }
    }

    private static PageCrawler.Outcome take(Future<PageCrawler.Outcome> future)
        throws InterruptedException {
      try {
        return future.get();
      } catch (ExecutionException e) {
        // PageCrawler turns every network and content problem into a failed page; anything
        // else is a bug, and Beam should retry the bundle and report it.
        throw new IllegalStateException("crawling a page failed unexpectedly", e.getCause());
      }
    }
  }
}
