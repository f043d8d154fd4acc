package io.beamcrawl.extract;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.Crawl;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.util.Threads;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Runs each job's extractor on its successfully parsed pages and prices every page. Local
 * extractors run page by page wherever the page is; a job whose extractor calls a model has its
 * pages brought together, so that its calls are made with bounded concurrency and stop when the
 * job has spent its credit cap. No page is ever dropped: a failed extraction keeps the page with
 * the markdown as its data.
 */
public final class ExtractData
    extends PTransform<PCollection<CrawledPage>, PCollection<ExtractedPage>> {

  /** Metric names (namespace {@link Crawl#METRICS_NAMESPACE}), shown on runner dashboards. */
  public static final String INPUT_TOKENS = "input_tokens";

  public static final String OUTPUT_TOKENS = "output_tokens";
  public static final String MILLICREDITS_USED = "millicredits_used";
  public static final String EXTRACTIONS_FAILED = "extractions_failed";
  public static final String PAGES_EXTRACTED = "pages_extracted";

  private static final TupleTag<CrawledPage> LOCAL = new TupleTag<>() {};
  private static final TupleTag<CrawledPage> MODEL = new TupleTag<>() {};

  private final Map<String, JobExtraction> jobs;
  private final Pricing pricing;
  private final int modelConcurrency;

  private ExtractData(Map<String, JobExtraction> jobs, Pricing pricing, int modelConcurrency) {
    this.jobs = Map.copyOf(jobs);
    this.pricing = pricing;
    this.modelConcurrency = modelConcurrency;
  }

  /**
   * @param jobs every job's extraction, by job id
   * @param modelConcurrency the most model calls one job has in flight on a worker
   */
  public static ExtractData using(
      Map<String, JobExtraction> jobs, Pricing pricing, int modelConcurrency) {
    return new ExtractData(jobs, pricing, modelConcurrency);
  }

  @Override
  public PCollection<ExtractedPage> expand(PCollection<CrawledPage> pages) {
    PCollectionTuple routed =
        pages.apply(
            "RouteByExtractor",
            ParDo.of(new RouteFn(jobs)).withOutputTags(LOCAL, TupleTagList.of(MODEL)));
    PCollection<ExtractedPage> local =
        routed.get(LOCAL).apply("ExtractLocally", ParDo.of(new ExtractPageFn(jobs, pricing)));
    PCollection<ExtractedPage> model =
        routed
            .get(MODEL)
            .apply(
                "KeyByJob",
                WithKeys.of((CrawledPage page) -> page.entry().jobId())
                    .withKeyType(TypeDescriptors.strings()))
            .apply("GroupByJob", GroupByKey.create())
            .apply(
                "ExtractWithModel",
                ParDo.of(new ExtractJobWithModelFn(jobs, pricing, modelConcurrency)));
    return PCollectionList.of(local).and(model).apply("AllPages", Flatten.pCollections());
  }

  static final class RouteFn extends DoFn<CrawledPage, CrawledPage> {
    private final Map<String, JobExtraction> jobs;

    RouteFn(Map<String, JobExtraction> jobs) {
      this.jobs = jobs;
    }

    @ProcessElement
    public void process(@Element CrawledPage page, MultiOutputReceiver out) {
      boolean model = jobs.get(page.entry().jobId()).extractor().usesModel();
      out.get(model ? MODEL : LOCAL).output(page);
    }
  }

  /** What every extraction DoFn shares: running the extractor, pricing and counting. */
  abstract static class PricedExtraction<InputT> extends DoFn<InputT, ExtractedPage> {
    final Map<String, JobExtraction> jobs;
    final Pricing pricing;
    private final Counter inputTokens = counter(INPUT_TOKENS);
    private final Counter outputTokens = counter(OUTPUT_TOKENS);
    private final Counter millicredits = counter(MILLICREDITS_USED);
    private final Counter failures = counter(EXTRACTIONS_FAILED);
    private final Counter extractedPages = counter(PAGES_EXTRACTED);

    private static Counter counter(String name) {
      return Metrics.counter(Crawl.METRICS_NAMESPACE, name);
    }

    PricedExtraction(Map<String, JobExtraction> jobs, Pricing pricing) {
      this.jobs = jobs;
      this.pricing = pricing;
    }

    /** Extracts a page, or only prices it when it has nothing to extract or is over budget. */
    ExtractedPage extract(CrawledPage page, boolean overCreditBudget) {
      ExtractionResult extraction = null;
      if (page.isSuccess() && page.parsed() != null) {
        extraction =
            overCreditBudget
                ? ExtractionResult.failed(
                    page.parsed().markdown(),
                    "not sent to the model: the job reached its credit cap")
                : jobs.get(page.entry().jobId())
                    .extractor()
                    .extract(
                        new PageContent(
                            page.fetch().finalUrl(),
                            page.parsed().html(),
                            page.parsed().markdown()));
      }
      ExtractedPage extracted =
          new ExtractedPage(
              page,
              extraction,
              pricing.creditsFor(
                  page.isSuccess(),
                  extraction == null ? 0 : extraction.inputTokens(),
                  extraction == null ? 0 : extraction.outputTokens()),
              overCreditBudget);
      inputTokens.inc(extracted.inputTokens());
      outputTokens.inc(extracted.outputTokens());
      millicredits.inc(Math.round(extracted.creditsUsed() * 1000));
      if (extraction != null) {
        (extraction.failed() ? failures : extractedPages).inc();
      }
      return extracted;
    }
  }

  static final class ExtractPageFn extends PricedExtraction<CrawledPage> {
    ExtractPageFn(Map<String, JobExtraction> jobs, Pricing pricing) {
      super(jobs, pricing);
    }

    @ProcessElement
    public void process(@Element CrawledPage page, OutputReceiver<ExtractedPage> out) {
      out.output(extract(page, false));
    }
  }

  /**
   * One job's pages through the model, {@code concurrency} calls at a time. Before each call the
   * job's credits so far are checked against its cap; calls already in flight when the cap is
   * reached still finish, so a job may end above its cap by at most that many pages' cost.
   */
  static final class ExtractJobWithModelFn
      extends PricedExtraction<KV<String, Iterable<CrawledPage>>> {
    private final int concurrency;
    private transient ExecutorService pool;

    ExtractJobWithModelFn(Map<String, JobExtraction> jobs, Pricing pricing, int concurrency) {
      super(jobs, pricing);
      this.concurrency = concurrency;
    }

    @Setup
    public void setup() {
      pool = Threads.daemonPool(concurrency, "beamcrawl-extract");
    }

    @Teardown
    public void teardown() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<CrawledPage>> job, OutputReceiver<ExtractedPage> out)
        throws InterruptedException {
      Double cap = jobs.get(job.getKey()).maxCredits();
      DoubleAdder spent = new DoubleAdder();
      CompletionService<ExtractedPage> done = new ExecutorCompletionService<>(pool);
      int inFlight = 0;
      for (CrawledPage page : job.getValue()) {
        if (inFlight == concurrency) {
          out.output(take(done));
          inFlight--;
        }
        boolean overCap = cap != null && spent.sum() >= cap;
        done.submit(
            () -> {
              ExtractedPage extracted = extract(page, overCap);
              spent.add(extracted.creditsUsed());
              return extracted;
            });
        inFlight++;
      }
      for (; inFlight > 0; inFlight--) {
        out.output(take(done));
      }
    }

    private static ExtractedPage take(CompletionService<ExtractedPage> done)
        throws InterruptedException {
      try {
        return done.take().get();
      } catch (ExecutionException e) {
        // Extractors return failures as results; anything thrown is a bug for Beam to report.
        throw new IllegalStateException("extracting a page failed unexpectedly", e.getCause());
      }
    }
  }
}
