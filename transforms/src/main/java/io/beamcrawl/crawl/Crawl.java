package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
 * first to the end ({@link SiteCrawler}), beside every other site it is given ({@link
 * CrawlEngine}): so one worker owns each host's politeness, budgets are exact, and pages flow on
 * to extraction while the crawl goes on. How a worker is given its sites depends on how the
 * runner runs DoFns ({@link SitesGiven}).
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

  /** How a worker is given its sites; either way it crawls them all at once. */
  public enum SitesGiven {
    /**
     * Every site in one splittable element, a call at a time, each returning within a second and
     * asking to be called again ({@link CrawlSitesFn}): for runners that checkpoint and resume a
     * splittable DoFn and commit a call's output when it returns (the Direct runner, one worker).
     */
    A_CALL_AT_A_TIME,
    /**
     * Every site of a bundle crawled together until the bundle's end ({@link CrawlBundleFn}): for
     * runners that run a splittable DoFn one element at a time, make a partition one bundle and
     * pass outputs on at once (Flink's batch mode).
     */
    A_BUNDLE_AT_ONCE
  }

  private static final Coder<KV<String, List<CrawlJob>>> SITE_CODER =
      KvCoder.of(StringUtf8Coder.of(), ListCoder.of(SerializableCoder.of(CrawlJob.class)));

  private final CrawlSettings settings;
  private final SitesGiven sitesGiven;
  private final PagesInFlight inFlight;
  private final int batchPages;
  private final Duration batchWait;

  private Crawl(
      CrawlSettings settings,
      SitesGiven sitesGiven,
      PagesInFlight inFlight,
      int batchPages,
      Duration batchWait) {
    this.settings = settings;
    this.sitesGiven = sitesGiven;
    this.inFlight = inFlight;
    this.batchPages = batchPages;
    this.batchWait = batchWait;
  }

  public static Crawl of(CrawlSettings settings) {
    return new Crawl(
        settings,
        SitesGiven.A_CALL_AT_A_TIME,
        PagesInFlight.unbounded(),
        CrawlSitesFn.BATCH_PAGES,
        CrawlSitesFn.BATCH_WAIT);
  }

  /** The same crawl, given its sites as {@code given} says (see {@link SitesGiven}). */
  public Crawl withSitesGiven(SitesGiven given) {
    return new Crawl(settings, given, inFlight, batchPages, batchWait);
  }

  /** The same crawl, waiting whenever it has {@code bound}'s most pages in flight. */
  public Crawl withPagesInFlight(PagesInFlight bound) {
    return new Crawl(settings, sitesGiven, bound, batchPages, batchWait);
  }

  /** The same crawl handing its pages on in smaller batches (tests of the checkpoints). */
  Crawl withBatches(int pages, Duration wait) {
    return new Crawl(settings, sitesGiven, inFlight, pages, wait);
  }

  @Override
  public PCollectionTuple expand(PCollection<CrawlJob> jobs) {
    PCollectionTuple crawled =
        sitesGiven == SitesGiven.A_BUNDLE_AT_ONCE
            ? jobs.apply(
                    "KeyBySite", WithKeys.of(Crawl::site).withKeyType(TypeDescriptors.strings()))
                .apply("GroupBySite", GroupByKey.create())
                .apply("SortJobs", MapElements.via(new SortJobs()))
                .setCoder(SITE_CODER)
                .apply(
                    "CrawlSites",
                    ParDo.of(new CrawlBundleFn(settings, batchPages))
                        .withOutputTags(PAGE_BATCHES, TupleTagList.of(URL_COUNTS)))
            // All jobs grouped once, then by site in one call: the Direct runner copies a key's
            // grouped values for every bundle that adds to them, and grouping sites first would
            // make one bundle a site (1,000 sites took 25 s to group so).
            : jobs.apply("OneElement", WithKeys.<Integer, CrawlJob>of(0))
                .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(CrawlJob.class)))
                .apply("GroupJobs", GroupByKey.create())
                .apply("SortSites", MapElements.via(new SortSites()))
                .setCoder(KvCoder.of(VarIntCoder.of(), ListCoder.of(SITE_CODER)))
                .apply(
                    "CrawlSites",
                    ParDo.of(new CrawlSitesFn(settings, inFlight, batchPages, batchWait))
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

  /**
   * An element's jobs by site, the sites in site order and each site's jobs in id order, so their
   * positions mean the same on every attempt.
   */
  static final class SortSites
      extends SimpleFunction<
          KV<Integer, Iterable<CrawlJob>>, KV<Integer, List<KV<String, List<CrawlJob>>>>> {
    @Override
    public KV<Integer, List<KV<String, List<CrawlJob>>>> apply(
        KV<Integer, Iterable<CrawlJob>> element) {
      Map<String, List<CrawlJob>> bySite = new TreeMap<>();
      for (CrawlJob job : element.getValue()) {
        bySite.computeIfAbsent(site(job), site -> new ArrayList<>()).add(job);
      }
      List<KV<String, List<CrawlJob>>> sites = new ArrayList<>();
      bySite.forEach((site, jobs) -> sites.add(SortJobs.sorted(site, jobs)));
      return KV.of(element.getKey(), sites);
    }
  }

  /** A site's jobs as a list in id order: a grouped result may be read only once on Flink. */
  static final class SortJobs
      extends SimpleFunction<KV<String, Iterable<CrawlJob>>, KV<String, List<CrawlJob>>> {
    @Override
    public KV<String, List<CrawlJob>> apply(KV<String, Iterable<CrawlJob>> site) {
      List<CrawlJob> jobs = new ArrayList<>();
      site.getValue().forEach(jobs::add);
      return sorted(site.getKey(), jobs);
    }

    static KV<String, List<CrawlJob>> sorted(String site, List<CrawlJob> jobs) {
      jobs.sort(Comparator.comparing(CrawlJob::id));
      return KV.of(site, jobs);
    }
  }
}
