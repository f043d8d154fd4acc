package io.beamcrawl.pipeline;

import io.beamcrawl.archive.WarcSettings;
import io.beamcrawl.crawl.Crawl;
import io.beamcrawl.crawl.CrawlSettings;
import io.beamcrawl.crawl.PagesInFlight;
import io.beamcrawl.crawl.RelevanceModel;
import io.beamcrawl.crawl.TrapRules;
import io.beamcrawl.crawl.UrlParts;
import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.extract.llm.LlmLinkPicker;
import io.beamcrawl.extract.llm.LlmSettings;
import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.fetch.RequestHeaders;
import io.beamcrawl.io.JobsReader;
import io.beamcrawl.io.ParquetFiles;
import io.beamcrawl.io.RunOutput;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.JobDefaults;
import io.beamcrawl.model.LinkSelection;
import io.beamcrawl.model.RenderMode;
import io.beamcrawl.model.RenderRules;
import io.beamcrawl.model.ScreenshotMode;
import io.beamcrawl.render.RenderSettings;
import io.beamcrawl.render.ScreenshotFiles;
import io.beamcrawl.model.SitemapMode;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.util.Backoff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;

/**
 * The command line as typed settings: every option checked, every file it names read once, and
 * each stage's settings made from them, here and nowhere else. {@link CrawlPipeline} wires the
 * stages from these; the commands only run them.
 */
final class RunSettings {

  private final CrawlOptions options;
  private final JobDefaults jobDefaults;
  private final Pricing pricing;
  private final RequestHeaders requestHeaders;
  private final LlmSettings llm;

  private RunSettings(
      CrawlOptions options,
      JobDefaults jobDefaults,
      Pricing pricing,
      RequestHeaders requestHeaders,
      LlmSettings llm) {
    this.options = options;
    this.jobDefaults = jobDefaults;
    this.pricing = pricing;
    this.requestHeaders = requestHeaders;
    this.llm = llm;
  }

  /** @throws IllegalArgumentException naming the option to fix and what is wrong with it */
  static RunSettings of(CrawlOptions options) {
    check(options);
    return new RunSettings(
        options, jobDefaults(options), pricing(options), requestHeaders(options), llm(options));
  }

  /** Beam's own options, which the pipeline runs with. */
  CrawlOptions options() {
    return options;
  }

  /** What a job line leaves out. */
  JobDefaults jobDefaults() {
    return jobDefaults;
  }

  Pricing pricing() {
    return pricing;
  }

  /**
   * Each job's extraction, chosen before anything runs.
   *
   * @throws IllegalArgumentException saying which job cannot be run and what to set
   */
  Map<String, JobExtraction> extraction(Iterable<CrawlJob> jobs) {
    return JobExtractors.forJobs(llm, jobs);
  }

  /** How the crawl treats the sites it visits; headers without hosts go to the jobs' base hosts. */
  CrawlSettings crawl(String runId, List<CrawlJob> jobs) {
    Set<String> baseHosts = new TreeSet<>();
    jobs.forEach(job -> baseHosts.add(UrlParts.host(job.baseUrl())));
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
            requestHeaders.forJobHosts(baseHosts));
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
        llm == null ? null : LlmLinkPicker.create(llm),
        options.getLlmWorkerConcurrency(),
        null,
        null,
        null,
        null);
  }

  /**
   * How the tables' files are cut and compressed (--targetFileBytes, --parquetCompression); on
   * the Direct runner, whose bundles are what the crawl handed on at one time, rows are gathered
   * into row groups first.
   */
  ParquetFiles parquetFiles() {
    return new ParquetFiles(
        options.getTargetFileBytes(),
        ParquetFiles.codec(options.getParquetCompression()),
        DirectRunner.class.isAssignableFrom(options.getRunner()));
  }

  /** Where the run archives its exchanges as WARC (--warc), or null for no archive. */
  WarcSettings warc(RunOutput output) {
    if (!options.getWarc()) {
      return null;
    }
    return new WarcSettings(
        output.stagingDirectory(RunOutput.WARC),
        RunOutput.WARC + "/crawl=" + output.runId(),
        options.getWarcFileBytes(),
        output.runId(),
        options.getHttpUserAgent());
  }

  /**
   * How the workers' browsers render pages (--browserTabs, --renderTimeoutSeconds...), or null
   * when no job renders: then no browser is needed, nor looked for.
   *
   * @throws IllegalArgumentException saying what to install when a job renders and this machine
   *     has no Chromium
   */
  RenderSettings render(List<CrawlJob> jobs) {
    if (jobs.stream().noneMatch(job -> job.render().renders())) {
      return null;
    }
    int tabs = options.getBrowserTabs() > 0
        ? options.getBrowserTabs()
        : 4 * Runtime.getRuntime().availableProcessors();
    Set<String> blocked = new TreeSet<>();
    for (String type : options.getBlockedResources().split(",")) {
      if (!type.isBlank()) {
        String name = type.strip().toLowerCase(java.util.Locale.ROOT);
        blocked.add(name.equals("xhr") ? "XHR" : Character.toUpperCase(name.charAt(0)) + name.substring(1));
      }
    }
    RenderSettings render =
        new RenderSettings(
            options.getChromium(),
            tabs,
            Duration.ofSeconds(options.getRenderTimeoutSeconds()),
            Duration.ofMillis(options.getRenderIdleMillis()),
            blocked,
            1280,
            800,
            16_384);
    try {
      render.executable();
    } catch (IllegalStateException e) {
      List<String> rendering =
          jobs.stream().filter(job -> job.render().renders()).map(CrawlJob::id).limit(3).toList();
      throw new IllegalArgumentException(
          "job " + String.join(", ", rendering) + " renders its pages, but " + e.getMessage());
    }
    return render;
  }

  /** Where screenshots are written, or null when no job takes any. */
  ScreenshotFiles screenshots(RunOutput output, List<CrawlJob> jobs) {
    if (jobs.stream().allMatch(job -> job.render().screenshot() == ScreenshotMode.NONE)) {
      return null;
    }
    return new ScreenshotFiles(
        output.stagingDirectory(RunOutput.SCREENSHOTS), RunOutput.SCREENSHOTS + "/crawl=" + output.runId());
  }

  /**
   * The Direct runner's bound on pages in flight (--maxMiBInFlight): it has no back-pressure of
   * its own. None on other runners, which hold the crawl back when the steps after it are behind.
   */
  PagesInFlight pagesInFlight(String runId) {
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
  Crawl.SitesGiven sitesGiven() {
    return FlinkRunner.class.isAssignableFrom(options.getRunner())
            && !options.as(FlinkPipelineOptions.class).isStreaming()
        ? Crawl.SitesGiven.A_BUNDLE_AT_ONCE
        : Crawl.SitesGiven.A_CALL_AT_A_TIME;
  }

  /** A file an option names, as lines; a missing or unreadable file names the option. */
  static List<String> lines(String option, String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + " file not found: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " file " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static JobDefaults jobDefaults(CrawlOptions options) {
    return new JobDefaults(
        options.getMaxPages(),
        options.getMaxDepth(),
        Objects.requireNonNullElse(options.getIncludePaths(), List.of()),
        Objects.requireNonNullElse(options.getExcludePaths(), List.of()),
        options.getAllowSubdomains(),
        options.getCrawlEntireDomain(),
        options.getIgnoreQueryParams(),
        options.getCrawlInstruction(),
        options.getTransformInstruction(),
        options.getSchema() == null ? null : String.join("\n", lines("--schema", options.getSchema())),
        options.getMaxCredits(),
        options.getMinRelevance(),
        LinkSelection.parse(options.getLinkSelection(), "--linkSelection"),
        SitemapMode.parse(options.getSitemap(), "--sitemap"),
        options.getIncremental(),
        new RenderRules(
            RenderMode.parse(options.getRender(), "--render"),
            options.getWaitFor(),
            ScreenshotMode.parse(options.getScreenshot(), "--screenshot")));
  }

  private static Pricing pricing(CrawlOptions options) {
    if (options.getPricing() == null) {
      return Pricing.DEFAULT;
    }
    try {
      return Pricing.read(Path.of(options.getPricing()));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--pricing file not found: " + options.getPricing());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--pricing file " + options.getPricing() + " cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--pricing " + options.getPricing() + ": " + e.getMessage());
    }
  }

  /** The headers of --httpHeaders and --redactHeaders; a bad line fails naming the option. */
  private static RequestHeaders requestHeaders(CrawlOptions options) {
    String file = options.getHttpHeaders();
    List<String> lines = file == null ? List.of() : lines("--httpHeaders", file);
    try {
      return RequestHeaders.of(lines, options.getRedactHeaders());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--httpHeaders " + file + ", " + e.getMessage());
    }
  }

  /** The model of --llmEndpoint and --llmModel; null without them. */
  private static LlmSettings llm(CrawlOptions options) {
    if (options.getLlmEndpoint() == null || options.getLlmModel() == null) {
      return null;
    }
    try {
      return LlmSettings.of(options.getLlmEndpoint(), options.getLlmModel())
          .withApiKeyEnv(options.getLlmApiKeyEnv())
          .withTokenLimits(options.getLlmMaxInputTokens(), options.getLlmMaxOutputTokens())
          .withTimeout(Duration.ofSeconds(options.getLlmTimeoutSeconds()))
          .withRetries(
              options.getLlmMaxAttempts(),
              Duration.ofMillis(LlmSettings.DEFAULT_INITIAL_BACKOFF_MILLIS),
              Duration.ofSeconds(options.getLlmMaxBackoffSeconds()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the --llm options: " + e.getMessage());
    }
  }

  private static void check(CrawlOptions options) {
    positive("--maxPages", options.getMaxPages());
    if (options.getMaxDepth() < 0 || options.getMaxDepth() > JobsReader.MAX_DEPTH_LIMIT) {
      throw new IllegalArgumentException(
          "--maxDepth must be between 0 and " + JobsReader.MAX_DEPTH_LIMIT + ", got " + options.getMaxDepth());
    }
    positive("--connectTimeoutSeconds", options.getConnectTimeoutSeconds());
    positive("--fetchTimeoutSeconds", options.getFetchTimeoutSeconds());
    positive("--perHostConcurrency", options.getPerHostConcurrency());
    positive("--warcFileBytes", options.getWarcFileBytes());
    positive("--targetFileBytes", options.getTargetFileBytes());
    ParquetFiles.codec(options.getParquetCompression());
    MarkdownMode.parse(options.getMarkdown());
    positive("--fetchMaxAttempts", options.getFetchMaxAttempts());
    if (options.getAllowedNetworks() != null) {
      try {
        new AddressGuard(false, options.getAllowedNetworks());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--allowedNetworks: " + e.getMessage());
      }
    }
    positive("--maxUrlLength", options.getMaxUrlLength());
    if (options.getMaxHostFailures() < 0) {
      throw new IllegalArgumentException(
          "--maxHostFailures must be 0 (never) or more, got " + options.getMaxHostFailures());
    }
    positive("--maxPathSegments", options.getMaxPathSegments());
    positive("--maxSegmentRepeats", options.getMaxSegmentRepeats());
    positive("--maxQueryParams", options.getMaxQueryParams());
    if (options.getFetchInitialBackoffMillis() < 0 || options.getFetchMaxBackoffSeconds() < 0) {
      throw new IllegalArgumentException(
          "--fetchInitialBackoffMillis and --fetchMaxBackoffSeconds must be 0 or more");
    }
    positive("--maxBodyBytes", options.getMaxBodyBytes());
    RelevanceModel.parse(options.getRelevanceModel());
    Double minRelevance = options.getMinRelevance();
    if (minRelevance != null && !(minRelevance >= 0 && minRelevance <= 1)) {
      throw new IllegalArgumentException("--minRelevance must be from 0 to 1, got " + minRelevance);
    }
    positive("--maxOpenRequests", options.getMaxOpenRequests());
    positive("--llmConcurrency", options.getLlmConcurrency());
    positive("--llmWorkerConcurrency", options.getLlmWorkerConcurrency());
    positive("--maxPagesHeld", options.getMaxPagesHeld());
    positive("--progressSeconds", options.getProgressSeconds());
    RenderMode render = RenderMode.parse(options.getRender(), "--render");
    if (ScreenshotMode.parse(options.getScreenshot(), "--screenshot") != ScreenshotMode.NONE
        && render == RenderMode.NEVER) {
      throw new IllegalArgumentException("--screenshot needs rendered pages: set --render to always or auto");
    }
    if (options.getBrowserTabs() < 0) {
      throw new IllegalArgumentException("--browserTabs must be 0 (4 a core) or more, got " + options.getBrowserTabs());
    }
    positive("--renderTimeoutSeconds", options.getRenderTimeoutSeconds());
    positive("--renderIdleMillis", options.getRenderIdleMillis());
    if (options.getMaxRedirects() < 0) {
      throw new IllegalArgumentException("--maxRedirects must be 0 or more, got " + options.getMaxRedirects());
    }
    if (options.getMaxMiBInFlight() < 0) {
      throw new IllegalArgumentException(
          "--maxMiBInFlight must be 0 (no bound) or more, got " + options.getMaxMiBInFlight());
    }
    if (options.getMaxCrawlDelaySeconds() < 0) {
      throw new IllegalArgumentException(
          "--maxCrawlDelaySeconds must be 0 or more, got " + options.getMaxCrawlDelaySeconds());
    }
    if (options.getHttpUserAgent() == null || options.getHttpUserAgent().isBlank()) {
      throw new IllegalArgumentException("--httpUserAgent must not be empty");
    }
  }

  private static void positive(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }
}
