package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
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
 * first to the end ({@link CrawlSiteFn}): so one worker owns each host's politeness, budgets are
 * exact, and pages flow on to extraction in batches while the crawl goes on.
 *
 * <p>Output: {@link #PAGES}, one record per fetched URL, and {@link #URL_COUNTS}, per job, what
 * became of every distinct URL it discovered.
 */
public final class Crawl extends PTransform<PCollection<CrawlJob>, PCollectionTuple> {

  public static final TupleTag<CrawledPage> PAGES = new TupleTag<>() {};
  public static final TupleTag<KV<String, UrlCounts>> URL_COUNTS = new TupleTag<>() {};
  static final TupleTag<List<CrawledPage>> PAGE_BATCHES = new TupleTag<>() {};

  /** Metric names, shown live as progress and on runner dashboards. */
  public static final String METRICS_NAMESPACE = "beamcrawl";

  public static final String PAGES_FETCHED = "pages_fetched";
  public static final String PAGES_FAILED = "pages_failed";
  public static final String BYTES_FETCHED = "bytes_fetched";

  private final CrawlSettings settings;
  private final PagesInFlight inFlight;
  private final int batchPages;
  private final Duration batchWait;

  private Crawl(
      CrawlSettings settings, PagesInFlight inFlight, int batchPages, Duration batchWait) {
    this.settings = settings;
    this.inFlight = inFlight;
    this.batchPages = batchPages;
    this.batchWait = batchWait;
  }

  public static Crawl of(CrawlSettings settings) {
    return new Crawl(
        settings, PagesInFlight.unbounded(), CrawlSiteFn.BATCH_PAGES, CrawlSiteFn.BATCH_WAIT);
  }

  /** The same crawl, waiting whenever it has {@code bound}'s most pages in flight. */
  public Crawl withPagesInFlight(PagesInFlight bound) {
    return new Crawl(settings, bound, batchPages, batchWait);
  }

  /** The same crawl handing its pages on in smaller batches (tests of the checkpoints). */
  Crawl withBatches(int pages, Duration wait) {
    return new Crawl(settings, inFlight, pages, wait);
  }

  @Override
  public PCollectionTuple expand(PCollection<CrawlJob> jobs) {
    PCollectionTuple crawled =
        jobs.apply(
                "KeyBySite",
                WithKeys.of(Crawl::site).withKeyType(TypeDescriptors.strings()))
            .apply("GroupBySite", GroupByKey.create())
            .apply("SortJobs", MapElements.via(new SortJobs()))
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), ListCoder.of(SerializableCoder.of(CrawlJob.class))))
            .apply(
                "CrawlSites",
                ParDo.of(new CrawlSiteFn(settings, inFlight, batchPages, batchWait))
                    .withOutputTags(PAGE_BATCHES, TupleTagList.of(URL_COUNTS)));
    PCollection<CrawledPage> pages =
        crawled
            .get(PAGE_BATCHES)
            .setCoder(ListCoder.of(SerializableCoder.of(CrawledPage.class)))
            .apply("Pages", Flatten.iterables());
    return PCollectionTuple.of(PAGES, pages).and(URL_COUNTS, crawled.get(URL_COUNTS));
  }

  /** The site a job belongs to: every host its scope allows shares this key. */
  static String site(CrawlJob job) {
    String host = UrlParts.host(job.baseUrl());
    String domain = UrlParts.registeredDomain(host);
    return domain == null ? host : domain;
  }

  /** A site's jobs as a list in id order: a grouped result may be read only once on Flink. */
  static final class SortJobs
      extends SimpleFunction<KV<String, Iterable<CrawlJob>>, KV<String, List<CrawlJob>>> {
    @Override
    public KV<String, List<CrawlJob>> apply(KV<String, Iterable<CrawlJob>> site) {
      List<CrawlJob> jobs = new ArrayList<>();
      site.getValue().forEach(jobs::add);
      jobs.sort(Comparator.comparing(CrawlJob::id));
      return KV.of(site.getKey(), jobs);
    }
  }
}
