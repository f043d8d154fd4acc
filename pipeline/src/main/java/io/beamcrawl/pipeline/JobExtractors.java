package io.beamcrawl.pipeline;

import io.beamcrawl.extract.Extractor;
import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.extract.JobExtraction.Kind;
import io.beamcrawl.extract.MetadataExtractor;
import io.beamcrawl.extract.css.CssSchema;
import io.beamcrawl.extract.css.CssSchemaExtractor;
import io.beamcrawl.extract.llm.LlmExtractor;
import io.beamcrawl.extract.llm.LlmSettings;
import io.beamcrawl.model.CrawlJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses each job's extractor from its transform settings, before anything runs, so that a job
 * that cannot be extracted is refused at start with the option to fix: a transform instruction
 * goes to the LLM, a schema alone is a CSS schema, and a job with neither gets the metadata.
 */
final class JobExtractors {

  private JobExtractors() {}

  /**
   * @throws IllegalArgumentException saying which job cannot be run (extracted, or its links
   *     picked by a model) and what to set
   */
  static Map<String, JobExtraction> forJobs(LlmSettings llm, Iterable<CrawlJob> jobs) {
    Map<String, JobExtraction> byJob = new LinkedHashMap<>();
    for (CrawlJob job : jobs) {
      if (job.picksLinksWithModel() && llm == null) {
        throw new IllegalArgumentException(
            "job \"" + job.id() + "\" has link_selection llm, which needs an LLM: set --llmEndpoint"
                + " and --llmModel, or link_selection embedding");
      }
      byJob.put(job.id(), forJob(llm, job));
    }
    return byJob;
  }

  /** @param llm the model of the --llm options; null when they name none */
  private static JobExtraction forJob(LlmSettings llm, CrawlJob job) {
    Kind kind = JobExtraction.kindOf(job);
    Extractor extractor =
        switch (kind) {
          case METADATA -> new MetadataExtractor();
          case CSS_SCHEMA -> new CssSchemaExtractor(cssSchema(job));
          case LLM -> llm(llm, job);
        };
    return new JobExtraction(kind, extractor, job.maxCredits());
  }

  private static CssSchema cssSchema(CrawlJob job) {
    try {
      return CssSchema.parse(job.schema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job \"" + job.id() + "\": " + e.getMessage());
    }
  }

  private static Extractor llm(LlmSettings settings, CrawlJob job) {
    if (settings == null) {
      throw new IllegalArgumentException(
          "job \"" + job.id() + "\" has a transform instruction, which needs an LLM: set --llmEndpoint and --llmModel");
    }
    try {
      return job.schema() == null
          ? LlmExtractor.create(settings, job.transformInstruction())
          : LlmExtractor.create(settings, job.transformInstruction(), job.schema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job \"" + job.id() + "\": schema: " + e.getMessage());
    }
  }
}
