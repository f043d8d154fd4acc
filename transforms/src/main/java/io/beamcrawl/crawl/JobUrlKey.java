package io.beamcrawl.crawl;

/** The key a URL is deduplicated on within its job. Job ids hold no control characters. */
final class JobUrlKey {

  private JobUrlKey() {}

  static String of(String jobId, String url) {
    return jobId + '\n' + url;
  }
}
