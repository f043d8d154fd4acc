package io.beamcrawl.pipeline;

import io.beamcrawl.crawl.RelevanceModel;
import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.io.JobsInput;
import io.beamcrawl.io.JobsReader;
import io.beamcrawl.io.RunOutput;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.LinkSelection;
import io.beamcrawl.model.JobDefaults;
import io.beamcrawl.model.RejectedLine;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.pipeline.demo.DemoSite;
import io.beamcrawl.stats.Pricing;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Runs one crawl from the command line: reads the options and input, runs the pipeline with
 * progress on the console, commits the output and prints the per-job summary. Returns the exit
 * code: 0 when the run completed (failed pages are data), 2 for unusable options, input or
 * output, 1 when the pipeline failed.
 */
public final class Launcher {

  public static final int OK = 0;
  public static final int PIPELINE_FAILED = 1;
  public static final int USAGE = 2;

  /** The first argument that runs a re-extraction instead of a crawl. */
  static final String EXTRACT = "extract";

  /** Flink's REST port when --flinkMaster gives none, as Beam's Flink runner assumes. */
  private static final int FLINK_REST_PORT = 8081;
  private static final int FLINK_CONNECT_TIMEOUT_MILLIS = 5000;

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  static {
    // Unknown options are refused only for interfaces the factory knows.
    PipelineOptionsFactory.register(CrawlOptions.class);
    PipelineOptionsFactory.register(ExtractOptions.class);
  }

  private final PrintStream out;
  private final PrintStream err;

  public Launcher(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(String[] args) {
    if (args.length > 0 && args[0].equals(EXTRACT)) {
      return reExtract(Arrays.copyOfRange(args, 1, args.length));
    }
    List<String> flags = new ArrayList<>();
    List<String> seedUrls = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        printHelp();
        return OK;
      }
      (arg.startsWith("--") ? flags : seedUrls).add(arg);
    }
    CrawlOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(DirectRunnerDefaults.addTo(flags)).as(CrawlOptions.class);
      checkOptions(options);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    if (!options.getDemo()) {
      return crawl(options, flags, seedUrls);
    }
    if (flags.stream().noneMatch(flag -> flag.startsWith("--output="))) {
      options.setOutput("demo-output");
    }
    // The demo site is served on loopback, which the address guard refuses: its address alone
    // is let through, and the guard stays on for every other seed.
    List<String> allowed = new ArrayList<>(Objects.requireNonNullElse(options.getAllowedNetworks(), List.of()));
    allowed.add(DemoSite.ADDRESS + "/32");
    options.setAllowedNetworks(allowed);
    try (DemoSite site = DemoSite.start()) {
      out.println(
          "Serving the demo site at " + site.baseUrl() + " (the address guard lets " + DemoSite.ADDRESS
              + " through)");
      List<String> seeds = new ArrayList<>(seedUrls);
      seeds.add(site.baseUrl() + "/");
      return crawl(options, flags, seeds);
    }
  }

  private int crawl(CrawlOptions options, List<String> flags, List<String> seedUrls) {
    JobsInput input;
    try {
      input = readInput(options, seedUrls);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    for (RejectedLine rejected : input.rejected()) {
      err.println("rejected " + rejected);
    }
    if (input.jobs().isEmpty()) {
      return usage("no valid jobs in the input; fix the rejected lines above");
    }

    Map<String, JobExtraction> extraction;
    Pricing pricing;
    try {
      extraction = JobExtractors.forJobs(options, input.jobs());
      pricing = pricing(options);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }

    long started = System.currentTimeMillis();
    String runId = options.getRunId() != null ? options.getRunId() : newRunId(started);
    RunOutput output;
    try {
      checkRunId(runId);
      output = RunOutput.prepare(Path.of(options.getOutput()), runId);
      output.stageRejected(input.rejected());
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    } catch (IOException e) {
      return usage("cannot write to --output " + options.getOutput() + ": " + e.getMessage());
    }

    DirectRunnerDefaults.fitToRun(
        options, flags, extraction.values().stream().anyMatch(job -> job.extractor().usesModel()));
    long budget = input.jobs().stream().mapToLong(job -> job.maxPages()).sum();
    out.printf(
        "Run %s: %d job(s), up to %d page(s), %d link(s) deep; output %s%n",
        runId, input.jobs().size(), budget, input.maxDepth(), output.root());
    return execute(
        options,
        () -> CrawlPipeline.build(options, input, extraction, pricing, output, started),
        Progress.Measure.FETCHED,
        output,
        started,
        budget,
        input.rejected());
  }

  /** Runs a built pipeline with progress, then commits its output and prints the summary. */
  private int execute(
      CrawlOptions options,
      Supplier<Pipeline> build,
      Progress.Measure measure,
      RunOutput output,
      long started,
      long budget,
      List<RejectedLine> rejected) {
    try {
      Pipeline pipeline = build.get();
      // Without this the Direct runner blocks in run() and progress cannot be shown.
      options.as(DirectOptions.class).setBlockOnRun(false);
      checkFlinkMasterReachable(options);
      Progress progress = new Progress(out, measure, budget, options.getProgressSeconds());
      PipelineResult result = pipeline.run();
      progress.watch(result);
      if (result.getState() != PipelineResult.State.DONE) {
        throw new IllegalStateException("the pipeline ended in state " + result.getState());
      }
      RunSummary summary =
          RunSummary.of(
              output.runId(), started, System.currentTimeMillis(), output,
              JobTable.read(Path.of(output.stagingDirectory(RunOutput.JOBS))), rejected);
      output.commit(summary.asJson());
      summary.print(out);
      return OK;
    } catch (Exception e) {
      output.abort();
      err.println("error: the run failed, nothing was written to " + output.root() + ": " + rootMessage(e));
      return PIPELINE_FAILED;
    }
  }

  /** {@code scripts/crawl extract}: a new extraction of a stored job's pages, as a new job. */
  private int reExtract(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      out.println("Usage: scripts/crawl extract --from=OUTPUT --job=ID (--transform=TEXT | --schema=FILE)");
      out.println("           [--onlyFailed] [--crawl=RUN_ID] [--newJobId=ID] [--option=value...]");
      out.println();
      PipelineOptionsFactory.printHelp(out, ExtractOptions.class);
      return OK;
    }
    ExtractOptions options;
    StoredJob source;
    CrawlJob job;
    Map<String, JobExtraction> extraction;
    Pricing pricing;
    long started = System.currentTimeMillis();
    try {
      options =
          PipelineOptionsFactory.fromArgs(DirectRunnerDefaults.addTo(Arrays.asList(args)))
              .as(ExtractOptions.class);
      checkOptions(options);
      if (options.getFrom() == null || options.getJob() == null) {
        throw new IllegalArgumentException("extract needs --from=OUTPUT and --job=ID");
      }
      if ((options.getTransform() == null) == (options.getSchema() == null)) {
        throw new IllegalArgumentException("extract needs one of --transform=TEXT or --schema=FILE");
      }
      if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("--output="))) {
        options.setOutput(options.getFrom());
      }
      if (options.getRunId() == null) {
        options.setRunId(newRunId(started));
      }
      checkRunId(options.getRunId());
      source = StoredJob.find(Path.of(options.getFrom()), options.getJob(), options.getCrawl());
      String newId =
          options.getNewJobId() != null
              ? options.getNewJobId()
              : options.getJob() + "-extract-" + options.getRunId();
      String baseUrl = source.text("base_url");
      job =
          new CrawlJob(
              newId,
              baseUrl,
              List.of(baseUrl),
              source.text("crawl_instruction"),
              options.getTransform(),
              (Integer) source.row().get("max_pages"),
              (Integer) source.row().get("max_depth"),
              List.of(),
              List.of(),
              false,
              false,
              false,
              defaults(options).schema(),
              options.getMaxCredits(),
              options.getJob());
      extraction = JobExtractors.forJobs(options, List.of(job));
      pricing = pricing(options);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    } catch (IOException e) {
      return usage("cannot read the jobs table of --from: " + e.getMessage());
    }
    RunOutput output;
    try {
      output = RunOutput.prepare(Path.of(options.getOutput()), options.getRunId());
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    String partition =
        Path.of(options.getFrom(), RunOutput.PAGES, "crawl=" + source.runId()).toString();
    out.printf(
        "Run %s: extracting job %s of run %s again as job %s; output %s%n",
        output.runId(), options.getJob(), source.runId(), job.id(), output.root());
    return execute(
        options,
        () ->
            CrawlPipeline.buildReExtraction(
                options, partition, job, options.getOnlyFailed(), extraction, pricing, output, started),
        Progress.Measure.EXTRACTED,
        output,
        started,
        job.maxPages(),
        List.of());
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

  /**
   * Flink's client retries an unreachable cluster for about a minute and then reports only
   * "Connection refused"; this says at once which address failed and what to check.
   */
  private static void checkFlinkMasterReachable(CrawlOptions options) {
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    if (!FlinkRunner.class.isAssignableFrom(options.getRunner()) || master.startsWith("[")) {
      return; // [local], [auto] and [collection] name no remote cluster
    }
    URI uri = URI.create("http://" + master.replaceFirst("^https?://", ""));
    int port = uri.getPort() == -1 ? FLINK_REST_PORT : uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), FLINK_CONNECT_TIMEOUT_MILLIS);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot reach the Flink cluster at --flinkMaster=" + master + " (" + e.getMessage()
              + "); is it running? (scripts/flink-cluster status)");
    }
  }

  private JobsInput readInput(CrawlOptions options, List<String> seedUrls) {
    int kinds =
        (seedUrls.isEmpty() ? 0 : 1)
            + (options.getSeeds() == null ? 0 : 1)
            + (options.getJobs() == null ? 0 : 1);
    if (kinds == 0) {
      throw new IllegalArgumentException(
          "nothing to crawl: give seed URLs, --seeds=FILE or --jobs=FILE (or try --demo)");
    }
    if (kinds > 1) {
      throw new IllegalArgumentException(
          "give only one kind of input: seed URLs, --seeds=FILE or --jobs=FILE");
    }
    JobsReader reader = new JobsReader(defaults(options));
    if (options.getJobs() != null) {
      return reader.readJsonLines(options.getJobs(), lines("--jobs", options.getJobs()));
    }
    if (options.getSeeds() != null) {
      return reader.readSeedLines(options.getSeeds(), lines("--seeds", options.getSeeds()));
    }
    return reader.readSeedLines("command line", seedUrls);
  }

  static List<String> lines(String option, String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + " file not found: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " file " + file + " cannot be read: " + e.getMessage());
    }
  }

  static JobDefaults defaults(CrawlOptions options) {
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
        LinkSelection.parse(options.getLinkSelection(), "--linkSelection"));
  }

  private static void checkOptions(CrawlOptions options) {
    positive("--maxPages", options.getMaxPages());
    if (options.getMaxDepth() < 0 || options.getMaxDepth() > JobsReader.MAX_DEPTH_LIMIT) {
      throw new IllegalArgumentException(
          "--maxDepth must be between 0 and " + JobsReader.MAX_DEPTH_LIMIT + ", got " + options.getMaxDepth());
    }
    positive("--connectTimeoutSeconds", options.getConnectTimeoutSeconds());
    positive("--fetchTimeoutSeconds", options.getFetchTimeoutSeconds());
    positive("--perHostConcurrency", options.getPerHostConcurrency());
    MarkdownMode.parse(options.getMarkdown());
    CrawlPipeline.requestHeaders(options);
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
    LinkSelection.parse(options.getLinkSelection(), "--linkSelection");
    Double minRelevance = options.getMinRelevance();
    if (minRelevance != null && !(minRelevance >= 0 && minRelevance <= 1)) {
      throw new IllegalArgumentException("--minRelevance must be from 0 to 1, got " + minRelevance);
    }
    positive("--maxOpenRequests", options.getMaxOpenRequests());
    positive("--llmConcurrency", options.getLlmConcurrency());
    positive("--llmWorkerConcurrency", options.getLlmWorkerConcurrency());
    positive("--maxPagesHeld", options.getMaxPagesHeld());
    positive("--progressSeconds", options.getProgressSeconds());
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

  /** Run ids name directories, so only a safe alphabet is accepted. */
  private static void checkRunId(String runId) {
    if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException(
          "--runId may hold only letters, digits, '.', '_' and '-' (up to 100), got " + runId);
    }
  }

  static String newRunId(long startMillis) {
    return RUN_ID_TIME.format(Instant.ofEpochMilli(startMillis))
        + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  private int usage(String message) {
    err.println("error: " + message);
    err.println("Run with --help to see every option.");
    return USAGE;
  }

  private void printHelp() {
    out.println("Usage: scripts/crawl [SEED_URL...] [--option=value...]");
    out.println("       scripts/crawl --seeds=FILE | --jobs=FILE | --demo [--option=value...]");
    out.println();
    PipelineOptionsFactory.printHelp(out, CrawlOptions.class);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
