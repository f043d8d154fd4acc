package io.beamcrawl.pipeline;

import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.io.RunOutput;
import io.beamcrawl.model.CrawlJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code scripts/crawl extract}: a new extraction of a stored job's pages, as a new job. */
final class ExtractCommand {

  /** The first argument that names this command. */
  static final String NAME = "extract";

  private final Console console;

  ExtractCommand(Console console) {
    this.console = console;
  }

  int run(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      console.out().println("Usage: scripts/crawl extract --from=OUTPUT --job=ID (--transform=TEXT | --schema=FILE)");
      console.out().println("           [--onlyFailed] [--crawl=RUN_ID] [--newJobId=ID] [--option=value...]");
      console.out().println();
      PipelineOptionsFactory.printHelp(console.out(), ExtractOptions.class);
      return Launcher.OK;
    }
    long started = System.currentTimeMillis();
    ExtractOptions options;
    RunSettings settings;
    StoredJob source;
    CrawlJob job;
    Map<String, JobExtraction> extraction;
    try {
      PipelineOptionsFactory.register(ExtractOptions.class);
      options =
          PipelineOptionsFactory.fromArgs(DirectRunnerDefaults.addTo(Arrays.asList(args)))
              .as(ExtractOptions.class);
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
        options.setRunId(RunExecution.newRunId(started));
      }
      RunExecution.checkRunId(options.getRunId());
      settings = RunSettings.of(options);
      source = StoredJob.find(Path.of(options.getFrom()), options.getJob(), options.getCrawl());
      job =
          source.extractedAgainAs(
              options.getNewJobId() != null
                  ? options.getNewJobId()
                  : options.getJob() + "-extract-" + options.getRunId(),
              options.getTransform(),
              settings.jobDefaults().schema(),
              options.getMaxCredits());
      extraction = settings.extraction(List.of(job));
    } catch (IllegalArgumentException e) {
      return console.usage(e.getMessage());
    } catch (IOException e) {
      return console.usage("cannot read the jobs table of --from: " + e.getMessage());
    }
    RunOutput output;
    try {
      output = RunOutput.prepare(Path.of(options.getOutput()), options.getRunId());
    } catch (IllegalArgumentException e) {
      return console.usage(e.getMessage());
    }
    String partition =
        Path.of(options.getFrom(), RunOutput.PAGES, "crawl=" + source.runId()).toString();
    console
        .out()
        .printf(
            "Run %s: extracting job %s of run %s again as job %s; output %s%n",
            output.runId(), options.getJob(), source.runId(), job.id(), output.root());
    return RunExecution.execute(
        console,
        options,
        () ->
            CrawlPipeline.buildReExtraction(
                settings, partition, job, options.getOnlyFailed(), extraction, output, started),
        Progress.Measure.EXTRACTED,
        output,
        started,
        job.maxPages(),
        List.of());
  }
}
