package io.beamcrawl.crawl;

import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * What happened to the distinct URLs a job discovered (its seeds and every link found). Each one
 * lands in exactly one bucket: scheduled for fetching, out of scope, disallowed by robots.txt, or
 * over the page budget.
 */
@DefaultCoder(SerializableCoder.class)
public record UrlCounts(
    long discovered, long scheduled, long outOfScope, long disallowedByRobots, long overBudget)
    implements Serializable {

  public static final UrlCounts ZERO = new UrlCounts(0, 0, 0, 0, 0);

  /** {@code urls} distinct URLs, all with the same fate. */
  public static UrlCounts of(UrlDecision decision, long urls) {
    return switch (decision) {
      case SCHEDULED -> new UrlCounts(urls, urls, 0, 0, 0);
      case OUT_OF_SCOPE -> new UrlCounts(urls, 0, urls, 0, 0);
      case DISALLOWED_BY_ROBOTS -> new UrlCounts(urls, 0, 0, urls, 0);
      case OVER_BUDGET -> new UrlCounts(urls, 0, 0, 0, urls);
    };
  }

  public UrlCounts plus(UrlCounts other) {
    return new UrlCounts(
        discovered + other.discovered,
        scheduled + other.scheduled,
        outOfScope + other.outOfScope,
        disallowedByRobots + other.disallowedByRobots,
        overBudget + other.overBudget);
  }
}
