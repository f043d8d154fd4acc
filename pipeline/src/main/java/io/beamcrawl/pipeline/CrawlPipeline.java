package io.beamcrawl.pipeline;

import io.beamcrawl.crawl.Crawl;
import io.beamcrawl.crawl.CrawlSettings;
import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.PagesInFlight;
import io.beamcrawl.crawl.UrlCounts;
import io.beamcrawl.extract.ExtractData;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.io.JobsInput;
import io.beamcrawl.io.CarryOverUnchanged;
import io.beamcrawl.io.ReadStoredPages;
import io.beamcrawl.io.RunOutput;
import io.beamcrawl.io.StoredEarlierCrawls;
import io.beamcrawl.io.WriteJobs;
import io.beamcrawl.io.WritePages;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.stats.AggregateJobStats;
import io.beamcrawl.stats.Pricing;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/** Wires the stages of a crawl run, as in the design: read, crawl, extract, write, aggregate. */
public final class CrawlPipeline {

  private CrawlPipeline() {}

  /**
   * @param extraction every job's extraction, by job id ({@link JobExtractors})
   * @param runStartMillis when the run started: every job's created_at
   */
  static Pipeline build(
      RunSettings settings,
      JobsInput input,
      Map<String, JobExtraction> extraction,
      RunOutput output,
      long runStartMillis) {
    Pipeline pipeline = Pipeline.create(settings.options());
    PCollection<CrawlJob> jobs =
        pipeline.apply(
            "ReadJobs", Create.of(input.jobs()).withCoder(SerializableCoder.of(CrawlJob.class)));

    PagesInFlight inFlight = settings.pagesInFlight(output.runId());
    CrawlSettings crawlSettings =
        settings.crawl(output.runId(), input.jobs())
            .withWarc(settings.warc(output))
            .withRender(settings.render(input.jobs()), settings.screenshots(output, input.jobs()));
    Map<String, String> earlierRuns = new TreeMap<>();
    Set<String> guided = new TreeSet<>();
    for (CrawlJob job : input.jobs()) {
      if (job.earlierCrawl() != null) {
        earlierRuns.put(job.id(), job.earlierCrawl());
        if (job.crawlInstruction() != null) {
          guided.add(job.id());
        }
      }
    }
    if (!earlierRuns.isEmpty()) {
      crawlSettings =
          crawlSettings.withEarlierCrawls(StoredEarlierCrawls.of(output.root(), earlierRuns, guided));
    }
    PCollectionTuple crawled =
        jobs.apply(
            "Crawl",
            Crawl.of(crawlSettings)
                .withSitesGiven(settings.sitesGiven())
                .withPagesInFlight(inFlight));

    PCollection<CrawledPage> pages = crawled.get(Crawl.PAGES);
    PCollection<ExtractedPage> carried = null;
    if (!earlierRuns.isEmpty()) {
      // Extraction passes unchanged pages over: their content is the earlier row's.
      carried =
          pages
              .apply("Unchanged", Filter.by((CrawledPage page) -> page.isUnchanged()))
              .apply("UnchangedDone", inFlight.done((CrawledPage page) -> page))
              .apply(
                  "CarryOverUnchanged",
                  CarryOverUnchanged.from(output.root(), earlierRuns, settings.pricing())
                      .withPagesInFlight(inFlight))
              .apply("CarriedDone", inFlight.done(ExtractedPage::page));
    }
    extractAndWrite(
        pages,
        carried,
        jobs,
        crawled.get(Crawl.URL_COUNTS),
        inFlight,
        extraction,
        settings,
        output,
        runStartMillis);
    return pipeline;
  }

  /**
   * A re-extraction: the stored pages of {@code sourcePartition}'s job {@code job.sourceJobId()},
   * extracted again as {@code job}, without fetching anything.
   */
  static Pipeline buildReExtraction(
      RunSettings settings,
      String sourcePartition,
      CrawlJob job,
      boolean onlyFailedExtractions,
      Map<String, JobExtraction> extraction,
      RunOutput output,
      long runStartMillis) {
    Pipeline pipeline = Pipeline.create(settings.options());
    PCollection<CrawlJob> jobs =
        pipeline.apply("Job", Create.of(job).withCoder(SerializableCoder.of(CrawlJob.class)));
    PCollection<CrawledPage> pages =
        pipeline.apply(
            "ReadStoredPages",
            ReadStoredPages.of(sourcePartition, job.sourceJobId(), job.id(), onlyFailedExtractions));
    // Nothing is crawled, so no URL was discovered or turned away.
    PCollection<KV<String, UrlCounts>> noUrls =
        pipeline.apply(
            "NoUrlCounts",
            Create.empty(
                KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(UrlCounts.class))));
    extractAndWrite(
        pages,
        null,
        jobs,
        noUrls,
        PagesInFlight.unbounded(),
        extraction,
        settings,
        output,
        runStartMillis);
    return pipeline;
  }

  /**
   * The tail every run shares: extract, write the pages (and those {@code carried} over, when
   * not null), add up and write the jobs.
   */
  private static void extractAndWrite(
      PCollection<CrawledPage> crawledPages,
      PCollection<ExtractedPage> carried,
      PCollection<CrawlJob> jobs,
      PCollection<KV<String, UrlCounts>> urlCounts,
      PagesInFlight inFlight,
      Map<String, JobExtraction> extraction,
      RunSettings settings,
      RunOutput output,
      long runStartMillis) {
    CrawlOptions options = settings.options();
    Pricing pricing = settings.pricing();
    PCollection<ExtractedPage> extracted =
        crawledPages
            .apply(
                "ExtractData",
                ExtractData.using(extraction, pricing)
                    .withModelCalls(
                        output.runId(),
                        options.getLlmConcurrency(),
                        options.getLlmWorkerConcurrency()))
            .apply("PagesDone", inFlight.done(ExtractedPage::page));
    PCollection<ExtractedPage> pages =
        carried == null
            ? extracted
            : PCollectionList.of(extracted).and(carried).apply("AllPages", Flatten.pCollections());
    pages.apply(
        "WritePages",
        WritePages.to(output.stagingDirectory(RunOutput.PAGES), options.getStoreHtml())
            .withFiles(settings.parquetFiles()));
    pages
        .apply("AggregateJobStats", AggregateJobStats.of(jobs, urlCounts, pricing))
        .apply(
            "WriteJobs",
            WriteJobs.to(output.stagingDirectory(RunOutput.JOBS), runStartMillis)
                .withFiles(settings.parquetFiles()));
  }
}
