package io.beamcrawl.model;

import java.io.Serializable;

/**
 * A URL a job will fetch, or a candidate for it.
 *
 * @param parentUrl the page the link was found on; null for seeds
 */
public record FrontierUrl(String jobId, String url, int depth, String parentUrl)
    implements Serializable {}
