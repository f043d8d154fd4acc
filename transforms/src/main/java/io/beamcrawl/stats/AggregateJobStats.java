package io.beamcrawl.stats;

import io.beamcrawl.crawl.UrlCounts;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.model.CrawlJob;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Adds up each job's pages with a Combine per job (pages, failures, status codes, bytes, timings,
 * tokens, credits) and joins the totals with the job and its URL counts. Every job gets a summary,
 * also one whose seeds were never fetched.
 */
public final class AggregateJobStats
    extends PTransform<PCollection<ExtractedPage>, PCollection<JobSummary>> {

  private final PCollection<CrawlJob> jobs;
  private final PCollection<KV<String, UrlCounts>> urlCounts;
  private final Pricing pricing;

  private AggregateJobStats(
      PCollection<CrawlJob> jobs, PCollection<KV<String, UrlCounts>> urlCounts, Pricing pricing) {
    this.pricing = pricing;
    this.jobs = jobs;
    this.urlCounts = urlCounts;
  }

  public static AggregateJobStats of(
      PCollection<CrawlJob> jobs, PCollection<KV<String, UrlCounts>> urlCounts, Pricing pricing) {
    return new AggregateJobStats(jobs, urlCounts, pricing);
  }

  @Override
  public PCollection<JobSummary> expand(PCollection<ExtractedPage> pages) {
    // Each page becomes its few numbers before the grouping: a runner without combiner lifting
    // (the Direct runner) would otherwise hold every page, body and markdown, until the end.
    PCollection<KV<String, JobStats>> stats =
        pages
            .apply(
                "PageStats",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(JobStats.class)))
                    .via(p -> KV.of(p.page().entry().jobId(), pageStats(p))))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), JobStatsCoder.of()))
            .apply("SumPerJob", Combine.perKey(new SumJobStats()));

    TupleTag<CrawlJob> jobTag = new TupleTag<>();
    TupleTag<JobStats> statsTag = new TupleTag<>();
    TupleTag<UrlCounts> countsTag = new TupleTag<>();
    return KeyedPCollectionTuple.of(
            jobTag,
            jobs.apply("KeyJobs", WithKeys.of(CrawlJob::id).withKeyType(TypeDescriptors.strings())))
        .and(statsTag, stats)
        .and(countsTag, urlCounts)
        .apply("JoinJobs", CoGroupByKey.create())
        .apply("Summarise", ParDo.of(new SummaryFn(jobTag, statsTag, countsTag, pricing)));
  }

  /** One page's contribution to its job's stats. */
  static JobStats pageStats(ExtractedPage page) {
    var fetch = page.page().fetch();
    return new JobStats()
        .add(
            page.page().isSuccess(),
            fetch.statusCode(),
            fetch.sizeBytes(),
            fetch.startedAtMillis(),
            fetch.timeMs(),
            page.inputTokens(),
            page.outputTokens(),
            page.creditsUsed())
        .addExtraction(
            page.extraction() != null && page.extraction().failed(), page.overCreditBudget())
        .addLinkSelection(
            page.page().crawlInputTokens(),
            page.page().crawlOutputTokens(),
            page.page().linkPicks() != null && page.page().linkPicks().failed())
        .addChange(page.page().change())
        .addRendered(page.page().isRendered());
  }

  /** The per-job Combine: merges into a fresh accumulator, so no input is changed. */
  static final class SumJobStats extends Combine.BinaryCombineFn<JobStats> {
    @Override
    public JobStats apply(JobStats left, JobStats right) {
      return new JobStats().merge(left).merge(right);
    }
  }

  static final class SummaryFn extends DoFn<KV<String, CoGbkResult>, JobSummary> {
    private final TupleTag<CrawlJob> jobTag;
    private final TupleTag<JobStats> statsTag;
    private final TupleTag<UrlCounts> countsTag;
    private final Pricing pricing;

    SummaryFn(
        TupleTag<CrawlJob> jobTag,
        TupleTag<JobStats> statsTag,
        TupleTag<UrlCounts> countsTag,
        Pricing pricing) {
      this.pricing = pricing;
      this.jobTag = jobTag;
      this.statsTag = statsTag;
      this.countsTag = countsTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<JobSummary> out) {
      CrawlJob job = joined.getValue().getOnly(jobTag);
      JobStats stats = joined.getValue().getOnly(statsTag, new JobStats());
      UrlCounts counts = joined.getValue().getOnly(countsTag, UrlCounts.ZERO);
      out.output(new JobSummary(job, stats, counts, pricing.jobCredits(stats.creditsUsed())));
    }
  }
}
