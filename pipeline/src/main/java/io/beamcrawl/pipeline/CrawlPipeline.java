package io.beamcrawl.pipeline;

import io.beamcrawl.crawl.Crawl;
import io.beamcrawl.crawl.CrawlSettings;
import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.PagesInFlight;
import io.beamcrawl.crawl.RelevanceModel;
import io.beamcrawl.crawl.TrapRules;
import io.beamcrawl.crawl.UrlCounts;
import io.beamcrawl.crawl.UrlParts;
import io.beamcrawl.extract.ExtractData;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.extract.llm.LlmLinkPicker;
import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.fetch.RequestHeaders;
import io.beamcrawl.io.JobsInput;
import io.beamcrawl.io.ReadStoredPages;
import io.beamcrawl.io.RunOutput;
import io.beamcrawl.io.WriteJobs;
import io.beamcrawl.io.WritePages;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.stats.AggregateJobStats;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.util.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/** Wires the stages of a crawl run, as in the design: read, crawl, extract, write, aggregate. */
public final class CrawlPipeline {

  private CrawlPipeline() {}

  /**
   * @param extraction every job's extraction, by job id ({@link JobExtractors})
   * @param runStartMillis when the run started: every job's created_at
   */
  public static Pipeline build(
      CrawlOptions options,
      JobsInput input,
      Map<String, JobExtraction> extraction,
      Pricing pricing,
      RunOutput output,
      long runStartMillis) {
    Pipeline pipeline = Pipeline.create(options);
    PCollection<CrawlJob> jobs =
        pipeline.apply(
            "ReadJobs", Create.of(input.jobs()).withCoder(SerializableCoder.of(CrawlJob.class)));

    PagesInFlight inFlight = pagesInFlight(options, output.runId());
    PCollectionTuple crawled =
        jobs.apply(
            "Crawl",
            Crawl.of(crawlSettings(options, output.runId(), baseHosts(input.jobs())))
                .withSitesGiven(sitesGiven(options))
                .withPagesInFlight(inFlight));

    extractAndWrite(
        crawled.get(Crawl.PAGES),
        jobs,
        crawled.get(Crawl.URL_COUNTS),
        inFlight,
        extraction,
        pricing,
        options,
        output,
        runStartMillis);
    return pipeline;
  }

  /**
   * A re-extraction: the stored pages of {@code sourcePartition}'s job {@code job.sourceJobId()},
   * extracted again as {@code job}, without fetching anything.
   */
  public static Pipeline buildReExtraction(
      CrawlOptions options,
      String sourcePartition,
      CrawlJob job,
      boolean onlyFailedExtractions,
      Map<String, JobExtraction> extraction,
      Pricing pricing,
      RunOutput output,
      long runStartMillis) {
    Pipeline pipeline = Pipeline.create(options);
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
        jobs,
        noUrls,
        PagesInFlight.unbounded(),
        extraction,
        pricing,
        options,
        output,
        runStartMillis);
    return pipeline;
  }

  /** The tail every run shares: extract, write the pages, add up and write the jobs. */
  private static void extractAndWrite(
      PCollection<CrawledPage> crawledPages,
      PCollection<CrawlJob> jobs,
      PCollection<KV<String, UrlCounts>> urlCounts,
      PagesInFlight inFlight,
      Map<String, JobExtraction> extraction,
      Pricing pricing,
      CrawlOptions options,
      RunOutput output,
      long runStartMillis) {
    PCollection<ExtractedPage> pages =
        crawledPages
            .apply(
                "ExtractData",
                ExtractData.using(extraction, pricing)
                    .withModelCalls(
                        output.runId(),
                        options.getLlmConcurrency(),
                        options.getLlmWorkerConcurrency()))
            .apply("PagesDone", inFlight.done(ExtractedPage::page));
    pages.apply(
        "WritePages",
        WritePages.to(output.stagingDirectory(RunOutput.PAGES), options.getStoreHtml()));
    pages
        .apply("AggregateJobStats", AggregateJobStats.of(jobs, urlCounts, pricing))
        .apply("WriteJobs", WriteJobs.to(output.stagingDirectory(RunOutput.JOBS), runStartMillis));
  }

  /**
   * The Direct runner's bound on pages in flight (--maxMiBInFlight): it has no back-pressure of
   * its own. None on other runners, which hold the crawl back when the steps after it are behind.
   */
  static PagesInFlight pagesInFlight(CrawlOptions options, String runId) {
    boolean bounded =
        DirectRunner.class.isAssignableFrom(options.getRunner()) && options.getMaxMiBInFlight() > 0;
    return bounded
        ? PagesInFlight.atMost(runId, options.getMaxMiBInFlight() * 1024L * 1024L)
        : PagesInFlight.unbounded();
  }

  /**
   * Flink's batch mode runs a splittable DoFn one element at a time per slot, so there a slot's
   * sites are crawled together in its bundle; elsewhere a call per site at a time.
   */
  static Crawl.SitesGiven sitesGiven(CrawlOptions options) {
    return FlinkRunner.class.isAssignableFrom(options.getRunner())
            && !options.as(FlinkPipelineOptions.class).isStreaming()
        ? Crawl.SitesGiven.A_BUNDLE_AT_ONCE
        : Crawl.SitesGiven.A_CALL_AT_A_TIME;
  }

  /** The headers of --httpHeaders and --redactHeaders; a bad line fails naming the option. */
  static RequestHeaders requestHeaders(CrawlOptions options) {
    String file = options.getHttpHeaders();
    List<String> lines = file == null ? List.of() : Launcher.lines("--httpHeaders", file);
    try {
      return RequestHeaders.of(lines, options.getRedactHeaders());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--httpHeaders " + file + ", " + e.getMessage());
    }
  }

  /** The hosts of the jobs' base URLs: where --httpHeaders lines that name no hosts go. */
  static Set<String> baseHosts(List<CrawlJob> jobs) {
    Set<String> hosts = new TreeSet<>();
    jobs.forEach(job -> hosts.add(UrlParts.host(job.baseUrl())));
    return hosts;
  }

  static CrawlSettings crawlSettings(CrawlOptions options, String runId, Set<String> jobHosts) {
    FetchSettings fetch =
        new FetchSettings(
            options.getHttpUserAgent(),
            Duration.ofSeconds(options.getConnectTimeoutSeconds()),
            Duration.ofSeconds(options.getFetchTimeoutSeconds()),
            options.getMaxRedirects(),
            options.getMaxBodyBytes(),
            new AddressGuard(
                options.getAllowPrivateNetworks(),
                Objects.requireNonNullElse(options.getAllowedNetworks(), List.of())),
            requestHeaders(options).forJobHosts(jobHosts));
    return new CrawlSettings(
        runId,
        fetch,
        options.getPerHostConcurrency(),
        Duration.ofSeconds(options.getMaxCrawlDelaySeconds()),
        options.getFetchMaxAttempts(),
        new Backoff(
            Duration.ofMillis(options.getFetchInitialBackoffMillis()),
            Duration.ofSeconds(options.getFetchMaxBackoffSeconds())),
        new TrapRules(
            options.getMaxUrlLength(),
            options.getMaxPathSegments(),
            options.getMaxSegmentRepeats(),
            options.getMaxQueryParams()),
        options.getMaxHostFailures(),
        MarkdownMode.parse(options.getMarkdown()),
        options.getMaxOpenRequests(),
        options.getMaxPagesHeld(),
        RelevanceModel.parse(options.getRelevanceModel()),
        JobExtractors.hasLlm(options)
            ? LlmLinkPicker.create(JobExtractors.llmSettings(options))
            : null,
        options.getLlmWorkerConcurrency());
  }
}
