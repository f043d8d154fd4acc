package io.beamcrawl.extract;

import io.beamcrawl.model.CrawlJob;
import java.io.Serializable;

/**
 * How one job's pages are extracted.
 *
 * @param maxCredits the job's credit cap for model extraction, or null for none
 */
public record JobExtraction(Kind kind, Extractor extractor, Double maxCredits)
    implements Serializable {

  /** What makes a job's data; its name is the jobs table's {@code extractor} column. */
  public enum Kind {
    METADATA,
    CSS_SCHEMA,
    LLM;

    public String columnValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A transform instruction goes to the LLM (its schema, if any, shapes the answer); a schema
   * alone is a CSS schema; a job with neither gets the built-in metadata extractor.
   */
  public static Kind kindOf(CrawlJob job) {
    if (job.extractsMetadata()) {
      return Kind.METADATA;
    }
    return job.transformInstruction() != null ? Kind.LLM : Kind.CSS_SCHEMA;
  }
}
