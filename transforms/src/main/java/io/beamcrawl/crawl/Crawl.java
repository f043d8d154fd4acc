package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Crawls every job from its seeds. Jobs are grouped by site (the registered domain of their base
 * URL, which bounds every host their scope allows), and one worker crawls a site's jobs breadth
 * first to the end ({@link SiteCrawler}): so one worker owns each host's politeness, budgets are
 * exact, and pages flow on to extraction as they are fetched.
 *
 * <p>Output: {@link #PAGES}, one record per fetched URL, and {@link #URL_COUNTS}, per job, what
 * became of every distinct URL it discovered.
 */
public final class Crawl extends PTransform<PCollection<CrawlJob>, PCollectionTuple> {

  public static final TupleTag<CrawledPage> PAGES = new TupleTag<>() {};
  public static final TupleTag<KV<String, UrlCounts>> URL_COUNTS = new TupleTag<>() {};

  /** Metric names, shown live as progress and on runner dashboards. */
  public static final String METRICS_NAMESPACE = "beamcrawl";

  public static final String PAGES_FETCHED = "pages_fetched";
  public static final String PAGES_FAILED = "pages_failed";
  public static final String BYTES_FETCHED = "bytes_fetched";

  private final CrawlSettings settings;

  private Crawl(CrawlSettings settings) {
    this.settings = settings;
  }

  public static Crawl of(CrawlSettings settings) {
    return new Crawl(settings);
  }

  @Override
  public PCollectionTuple expand(PCollection<CrawlJob> jobs) {
    return jobs.apply(
            "KeyBySite",
            WithKeys.<String, CrawlJob>of(job -> site(job)).withKeyType(TypeDescriptors.strings()))
        .apply("GroupBySite", GroupByKey.create())
        .apply(
            "CrawlSites",
            ParDo.of(new CrawlSiteFn(settings)).withOutputTags(PAGES, TupleTagList.of(URL_COUNTS)));
  }

  /** The site a job belongs to: every host its scope allows shares this key. */
  static String site(CrawlJob job) {
    String host = UrlParts.host(job.baseUrl());
    String domain = UrlParts.registeredDomain(host);
    return domain == null ? host : domain;
  }

  /** Crawls one site's jobs, emitting each page as soon as it is fetched. */
  static final class CrawlSiteFn extends DoFn<KV<String, Iterable<CrawlJob>>, CrawledPage> {
    private final CrawlSettings settings;
    private final Counter pagesFetched = Metrics.counter(METRICS_NAMESPACE, PAGES_FETCHED);
    private final Counter pagesFailed = Metrics.counter(METRICS_NAMESPACE, PAGES_FAILED);
    private final Counter bytesFetched = Metrics.counter(METRICS_NAMESPACE, BYTES_FETCHED);

    CrawlSiteFn(CrawlSettings settings) {
      this.settings = settings;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<CrawlJob>> site, MultiOutputReceiver out)
        throws InterruptedException {
      List<CrawlJob> jobs = new ArrayList<>();
      site.getValue().forEach(jobs::add);
      jobs.sort(Comparator.comparing(CrawlJob::id));
      WorkerResources resources = WorkerResources.forRun(settings);
      PageCrawler pageCrawler =
          new PageCrawler(
              resources.fetcher,
              resources.robots,
              settings.maxFetchAttempts(),
              settings.fetchBackoff(),
              settings.markdown());
      try (SiteCrawler crawl = SiteCrawler.start(jobs, settings, pageCrawler, resources.robots)) {
        for (CrawledPage page = crawl.next(); page != null; page = crawl.next()) {
          out.get(PAGES).output(page);
          (page.isSuccess() ? pagesFetched : pagesFailed).inc();
          bytesFetched.inc(page.fetch().sizeBytes());
        }
        crawl.urlCounts().forEach((jobId, counts) -> out.get(URL_COUNTS).output(KV.of(jobId, counts)));
      }
    }
  }
}
