package io.beamcrawl.pipeline;

import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.io.JobsInput;
import io.beamcrawl.io.JobsReader;
import io.beamcrawl.io.RunOutput;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.RejectedLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
    JobsInput read;
    Map<String, JobExtraction> extraction;
    try {
      settings = RunSettings.of(options);
      read = readInput(settings, seedUrls);
      for (RejectedLine rejected : read.rejected()) {
        console.err().println("rejected " + rejected);
      }
      if (read.jobs().isEmpty()) {
        return console.usage("no valid jobs in the input; fix the rejected lines above");
      }
      extraction = settings.extraction(read.jobs());
      settings.render(read.jobs()); // a job that renders on a machine without a browser stops here
    } catch (IllegalArgumentException e) {
      return console.usage(e.getMessage());
    }

    long started = System.currentTimeMillis();
    String runId = options.getRunId() != null ? options.getRunId() : RunExecution.newRunId(started);
    RunOutput output;
    JobsInput input;
    try {
      RunExecution.checkRunId(runId);
      output = RunOutput.prepare(Path.of(options.getOutput()), runId);
      input = withEarlierCrawls(read, output.root());
      output.stageRejected(input.rejected());
    } catch (IllegalArgumentException e) {
      return console.usage(e.getMessage());
    } catch (IOException e) {
      return console.usage(
          "cannot read or write --output " + options.getOutput() + ": " + e.getMessage());
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

  /**
   * The jobs, those asking to be incremental compared with their latest earlier crawl in {@code
   * root}; saying for each which it is, or that it has none and is crawled in full.
   */
  private JobsInput withEarlierCrawls(JobsInput input, Path root) throws IOException {
    Set<String> incremental = new TreeSet<>();
    input.jobs().stream().filter(CrawlJob::incremental).forEach(job -> incremental.add(job.id()));
    if (incremental.isEmpty()) {
      return input;
    }
    Map<String, StoredJob> earlier = StoredJob.latest(root, incremental);
    List<CrawlJob> jobs = new ArrayList<>();
    for (CrawlJob job : input.jobs()) {
      StoredJob stored = earlier.get(job.id());
      if (!job.incremental()) {
        jobs.add(job);
      } else if (stored == null) {
        console.out().printf("Job %s: no earlier crawl in %s, crawled in full%n", job.id(), root);
        jobs.add(job);
      } else if (!Files.isDirectory(root.resolve(RunOutput.PAGES).resolve("crawl=" + stored.runId()))) {
        console.out().printf(
            "Job %s: the pages of its crawl in run %s are missing from %s, crawled in full%n",
            job.id(), stored.runId(), root);
        jobs.add(job);
      } else if (extractionChanged(job, stored) != null) {
        // Carried-over data would be the old extraction's.
        console.out().printf(
            "Job %s: its %s differs from its crawl in run %s, crawled in full%n",
            job.id(), extractionChanged(job, stored), stored.runId());
        jobs.add(job);
      } else {
        console.out().printf("Job %s: compared with its crawl in run %s%n", job.id(), stored.runId());
        jobs.add(job.withEarlierCrawl(stored.runId()));
      }
    }
    return new JobsInput(jobs, input.rejected());
  }

  /** The first setting of what makes a page's data that differs from the stored job's; or null. */
  private static String extractionChanged(CrawlJob job, StoredJob stored) {
    if (!Objects.equals(job.transformInstruction(), stored.text("transform_instruction"))) {
      return "transform_instruction";
    }
    if (!Objects.equals(job.schema(), stored.text("schema"))) {
      return "schema";
    }
    return null;
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
