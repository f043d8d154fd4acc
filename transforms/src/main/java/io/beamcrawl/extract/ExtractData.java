package io.beamcrawl.extract;

import io.beamcrawl.crawl.Crawl;
import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.util.RunShared;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Runs each job's extractor on its successfully parsed pages and prices every page. Local
 * extractors run page by page wherever the page is. Pages of a job whose extractor calls a model
 * go to it as they come from the crawl, on the worker that crawled them (which owns the job's
 * site, so its spend): at most {@code perJob} calls of a job and {@code perWorker} in all at once,
 * and never a call that could take the job over its credit cap ({@link CreditLedger}). No page is
 * ever dropped: a failed extraction keeps the page with the markdown as its data. A page an
 * incremental crawl found unchanged is not extracted again and not output here (its earlier row
 * is carried over after the crawl); a model job's ledger is charged its page credit as it comes,
 * so the cap holds the job's later calls back by it.
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
  private final String runId;
  private final int callsPerJob;
  private final int callsPerWorker;

  private ExtractData(
      Map<String, JobExtraction> jobs,
      Pricing pricing,
      String runId,
      int callsPerJob,
      int callsPerWorker) {
    this.jobs = Map.copyOf(jobs);
    this.pricing = pricing;
    this.runId = runId;
    this.callsPerJob = callsPerJob;
    this.callsPerWorker = callsPerWorker;
  }

  /** @param jobs every job's extraction, by job id */
  public static ExtractData using(Map<String, JobExtraction> jobs, Pricing pricing) {
    return new ExtractData(jobs, pricing, "", 4, 16);
  }

  /**
   * The same extraction with its model calls bounded: at most {@code perJob} of one job and
   * {@code perWorker} in all in flight on a worker; {@code runId} names what the worker's calls
   * for this run share.
   */
  public ExtractData withModelCalls(String runId, int perJob, int perWorker) {
    return new ExtractData(jobs, pricing, runId, perJob, perWorker);
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
                "ExtractWithModel",
                ParDo.of(
                    new ExtractWithModelFn(jobs, pricing, runId, callsPerJob, callsPerWorker)));
    return PCollectionList.of(local).and(model).apply("AllPages", Flatten.pCollections());
  }

  static final class RouteFn extends DoFn<CrawledPage, CrawledPage> {
    private final Map<String, JobExtraction> jobs;

    RouteFn(Map<String, JobExtraction> jobs) {
      this.jobs = jobs;
    }

    @ProcessElement
    public void process(@Element CrawledPage page, MultiOutputReceiver out) {
      boolean model = jobs.get(page.entry().jobId()).extractor().usesModel() && !page.noindex();
      if (page.isUnchanged() && !model) {
        return; // its earlier row is carried over, and no ledger counts it
      }
      out.get(model ? MODEL : LOCAL).output(page);
    }
  }

  /** What every extraction DoFn shares: running the extractor, pricing and counting. */
  abstract static class PricedExtraction extends DoFn<CrawledPage, ExtractedPage> {
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

    /**
     * Extracts a page, asking {@code gate} before a model call, and prices it. A page that asks
     * not to be indexed is not sent to a model.
     */
    ExtractedPage extract(CrawledPage page, SpendGate gate) {
      ExtractionResult extraction = null;
      Extractor extractor = jobs.get(page.entry().jobId()).extractor();
      if (page.isSuccess() && page.parsed() != null && !(page.noindex() && extractor.usesModel())) {
        extraction =
            extractor
                .extract(
                    new PageContent(
                        page.fetch().finalUrl(),
                        page.parsed().html(),
                        page.parsed().markdown(),
                        page.parsed().metadataJson()),
                    gate);
      }
      boolean overCap = gate instanceof CreditLedger.Page held && held.refused();
      return ExtractedPage.priced(page, extraction, overCap, pricing);
    }

    /** Counts a page as it is output, on the DoFn's thread, where the runner sees the counters. */
    ExtractedPage counted(ExtractedPage extracted) {
      inputTokens.inc(extracted.inputTokens());
      outputTokens.inc(extracted.outputTokens());
      millicredits.inc(Math.round(extracted.creditsUsed() * 1000));
      ExtractionResult extraction = extracted.extraction();
      if (extraction != null) {
        (extraction.failed() ? failures : extractedPages).inc();
      }
      return extracted;
    }
  }

  static final class ExtractPageFn extends PricedExtraction {
    ExtractPageFn(Map<String, JobExtraction> jobs, Pricing pricing) {
      super(jobs, pricing);
    }

    @ProcessElement
    public void process(@Element CrawledPage page, OutputReceiver<ExtractedPage> out) {
      out.output(counted(extract(page, SpendGate.OPEN)));
    }
  }

  /**
   * Sends pages to the model as they come, on the worker's shared pool ({@link ModelCalls}):
   * an element waits only while its job has all its calls in flight, handing on the pages whose
   * calls are done meanwhile; the bundle's end waits for the rest.
   */
  static final class ExtractWithModelFn extends PricedExtraction {
    private static final RunShared<ModelCalls> WORKERS = new RunShared<>();
    /** How long an element waiting for its job's turn waits before handing on finished pages. */
    private static final long POLL_MILLIS = 100;

    private final String runId;
    private final int perJob;
    private final int perWorker;
    private transient ModelCalls calls;
    private transient CompletionService<ExtractedPage> done;
    private transient int pending;

    ExtractWithModelFn(
        Map<String, JobExtraction> jobs, Pricing pricing, String runId, int perJob, int perWorker) {
      super(jobs, pricing);
      this.runId = runId;
      this.perJob = perJob;
      this.perWorker = perWorker;
    }

    @Setup
    public void setup() {
      calls = WORKERS.acquire(runId, () -> new ModelCalls(perWorker, perJob, pricing));
    }

    @StartBundle
    public void startBundle() {
      done = new ExecutorCompletionService<>(calls.pool);
      pending = 0;
    }

    @ProcessElement
    public void process(@Element CrawledPage page, OutputReceiver<ExtractedPage> out)
        throws InterruptedException {
      String jobId = page.entry().jobId();
      ModelCalls.Job job = calls.job(jobId, jobs.get(jobId).maxCredits());
      if (page.isUnchanged()) {
        // Carried over after the crawl, at no model cost: its page credit counts from now on.
        job.credits.settle(job.credits.page(), pricing.creditsFor(true, 0, 0));
        return;
      }
      while (!job.calls.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        handOnDone(out);
      }
      done.submit(
          () -> {
            try {
              CreditLedger.Page gate = job.credits.page();
              ExtractedPage extracted = extract(page, gate);
              job.credits.settle(gate, extracted.creditsUsed());
              return extracted;
            } finally {
              job.calls.release();
            }
          });
      pending++;
      handOnDone(out);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws InterruptedException {
      for (; pending > 0; pending--) {
        context.output(
            counted(result(done.take())), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
      }
    }

    @Teardown
    public void teardown() {
      if (calls != null) {
        calls = null;
        WORKERS.release(runId);
      }
    }

    private void handOnDone(OutputReceiver<ExtractedPage> out) throws InterruptedException {
      for (Future<ExtractedPage> call = done.poll(); call != null; call = done.poll()) {
        pending--;
        out.output(counted(result(call)));
      }
    }

    private static ExtractedPage result(Future<ExtractedPage> call) throws InterruptedException {
      try {
        return call.get();
      } catch (ExecutionException e) {
        // Extractors return failures as results; anything thrown is a bug for Beam to report.
        throw new IllegalStateException("extracting a page failed unexpectedly", e.getCause());
      }
    }
  }
}
