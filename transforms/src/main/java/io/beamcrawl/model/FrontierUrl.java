package io.beamcrawl.model;

import java.io.Serializable;

/**
 * A URL a job will fetch, or a candidate for it.
 *
 * @param parentUrl the page the link was found on; null for seeds
 * @param relevance how relevant it is to the job's crawl instruction, in [0, 1]; null for a job
 *     without one
 */
public record FrontierUrl(String jobId, String url, int depth, String parentUrl, Double relevance)
    implements Serializable {

  /** A URL of a job without a crawl instruction. */
  public FrontierUrl(String jobId, String url, int depth, String parentUrl) {
    this(jobId, url, depth, parentUrl, null);
  }
}
