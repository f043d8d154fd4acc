package io.beamcrawl.pipeline;

import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.io.JobsInput;
import io.beamcrawl.io.JobsReader;
import io.beamcrawl.io.RunOutput;
import io.beamcrawl.model.RejectedLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code scripts/crawl [SEED_URL...] [--option=value...]}: one crawl of the jobs given. */
final class CrawlCommand {

  private final Console console;

  CrawlCommand(Console console) {
    this.console = console;
  }

  /**
   * @param flags the command line's options, as given (the Direct runner's defaults fit them)
   * @param seedUrls the command line's seed URLs
   */
  int run(CrawlOptions options, List<String> flags, List<String> seedUrls) {
    RunSettings settings;
    JobsInput input;
    Map<String, JobExtraction> extraction;
    try {
      settings = RunSettings.of(options);
      input = readInput(settings, seedUrls);
      for (RejectedLine rejected : input.rejected()) {
        console.err().println("rejected " + rejected);
      }
      if (input.jobs().isEmpty()) {
        return console.usage("no valid jobs in the input; fix the rejected lines above");
      }
      extraction = settings.extraction(input.jobs());
    } catch (IllegalArgumentException e) {
      return console.usage(e.getMessage());
    }

    long started = System.currentTimeMillis();
    String runId = options.getRunId() != null ? options.getRunId() : RunExecution.newRunId(started);
    RunOutput output;
    try {
      RunExecution.checkRunId(runId);
      output = RunOutput.prepare(Path.of(options.getOutput()), runId);
      output.stageRejected(input.rejected());
    } catch (IllegalArgumentException e) {
      return console.usage(e.getMessage());
    } catch (IOException e) {
      return console.usage("cannot write to --output " + options.getOutput() + ": " + e.getMessage());
    }

    DirectRunnerDefaults.fitToRun(
        options, flags, extraction.values().stream().anyMatch(job -> job.extractor().usesModel()));
    long budget = input.jobs().stream().mapToLong(job -> job.maxPages()).sum();
    console
        .out()
        .printf(
            "Run %s: %d job(s), up to %d page(s), %d link(s) deep; output %s%n",
            runId, input.jobs().size(), budget, input.maxDepth(), output.root());
    return RunExecution.execute(
        console,
        options,
        () -> CrawlPipeline.build(settings, input, extraction, output, started),
        Progress.Measure.FETCHED,
        output,
        started,
        budget,
        input.rejected());
  }

  private static JobsInput readInput(RunSettings settings, List<String> seedUrls) {
    CrawlOptions options = settings.options();
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
    JobsReader reader = new JobsReader(settings.jobDefaults());
    if (options.getJobs() != null) {
      return reader.readJsonLines(options.getJobs(), RunSettings.lines("--jobs", options.getJobs()));
    }
    if (options.getSeeds() != null) {
      return reader.readSeedLines(options.getSeeds(), RunSettings.lines("--seeds", options.getSeeds()));
    }
    return reader.readSeedLines("command line", seedUrls);
  }
}
