package io.beamcrawl.stats;

import io.beamcrawl.crawl.UrlCounts;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.model.CrawlJob;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
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
    PCollection<KV<String, JobStats>> stats =
        pages
            .apply("KeyByJob", WithKeys.of((ExtractedPage p) -> p.page().entry().jobId())
                .withKeyType(TypeDescriptors.strings()))
            .apply("SumPerJob", Combine.perKey(new JobStatsFn()));

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

  /** The per-job Combine over pages. */
  static final class JobStatsFn extends Combine.CombineFn<ExtractedPage, JobStats, JobStats> {
    @Override
    public JobStats createAccumulator() {
      return new JobStats();
    }

    @Override
    public JobStats addInput(JobStats stats, ExtractedPage page) {
      var fetch = page.page().fetch();
      return stats.add(
          page.page().isSuccess(),
          fetch.statusCode(),
          fetch.sizeBytes(),
          fetch.startedAtMillis(),
          fetch.timeMs(),
          page.inputTokens(),
          page.outputTokens(),
          page.creditsUsed())
          .addExtraction(
              page.extraction() != null && page.extraction().failed(), page.overCreditBudget());
    }

    @Override
    public JobStats mergeAccumulators(Iterable<JobStats> accumulators) {
      JobStats merged = new JobStats();
      accumulators.forEach(merged::merge);
      return merged;
    }

    @Override
    public JobStats extractOutput(JobStats stats) {
      return stats;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<JobStats> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<ExtractedPage> inputCoder) {
      return SerializableCoder.of(JobStats.class);
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
