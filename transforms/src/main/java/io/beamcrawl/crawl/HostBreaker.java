package io.beamcrawl.crawl;

import io.beamcrawl.fetch.FetchResult;

/**
 * Stops fetching from a host that has stopped answering: after {@code limit} fetches in a row
 * that timed out or lost their connection (retries already spent), the host's remaining URLs in
 * the crawl are recorded as failed without a request. One dead host then costs a few timeouts,
 * not one per URL, and the other hosts are not held up by it.
 */
final class HostBreaker {


  private final int limit;
  private int failuresInARow;

  /** @param limit failures in a row that open the breaker; 0 never opens it */
  HostBreaker(int limit) {
    this.limit = limit;
  }

  void record(FetchResult fetch) {
    boolean unreachable = fetch.errorType() != null && fetch.errorType().countsAgainstHost();
    failuresInARow = unreachable ? failuresInARow + 1 : 0;
  }

  boolean isOpen() {
    return limit > 0 && failuresInARow >= limit;
  }

  String reason() {
    return "not fetched: the host's last " + failuresInARow
        + " fetches timed out or lost their connection";
  }
}
