package io.beamcrawl.crawl;

/** The fate of a newly discovered URL; every URL that is not fetched says why. */
public enum UrlDecision {
  SCHEDULED,
  OUT_OF_SCOPE,
  DISALLOWED_BY_ROBOTS,
  OVER_BUDGET,
  /** Scored below the job's {@code min_relevance} for its crawl instruction. */
  BELOW_RELEVANCE
}
