package io.beamcrawl.crawl;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * What happened to the distinct URLs a job discovered (its seeds and every link found). Each one
 * lands in exactly one bucket: scheduled for fetching, out of scope, disallowed by robots.txt,
 * filtered as a crawler trap (counted by rule in {@code trapReasons}), over the page budget, or
 * below the job's {@code min_relevance}.
 */
@DefaultCoder(SerializableCoder.class)
public record UrlCounts(
    long discovered,
    long scheduled,
    long outOfScope,
    long disallowedByRobots,
    long overBudget,
    long trapped,
    Map<String, Long> trapReasons,
    long belowRelevance)
    implements Serializable {

  public static final UrlCounts ZERO = new UrlCounts(0, 0, 0, 0, 0, 0, Map.of(), 0);

  public UrlCounts {
    trapReasons = new TreeMap<>(trapReasons);
  }

  /** {@code urls} distinct URLs, all with the same fate. */
  public static UrlCounts of(UrlDecision decision, long urls) {
    return switch (decision) {
      case SCHEDULED -> new UrlCounts(urls, urls, 0, 0, 0, 0, Map.of(), 0);
      case OUT_OF_SCOPE -> new UrlCounts(urls, 0, urls, 0, 0, 0, Map.of(), 0);
      case DISALLOWED_BY_ROBOTS -> new UrlCounts(urls, 0, 0, urls, 0, 0, Map.of(), 0);
      case OVER_BUDGET -> new UrlCounts(urls, 0, 0, 0, urls, 0, Map.of(), 0);
      case BELOW_RELEVANCE -> new UrlCounts(urls, 0, 0, 0, 0, 0, Map.of(), urls);
    };
  }

  /** {@code urls} distinct links dropped by the trap rule {@code reason} ({@link TrapRules}). */
  public static UrlCounts trapped(String reason, long urls) {
    return new UrlCounts(urls, 0, 0, 0, 0, urls, Map.of(reason, urls), 0);
  }

  public UrlCounts plus(UrlCounts other) {
    Map<String, Long> reasons = new TreeMap<>(trapReasons);
    other.trapReasons.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
    return new UrlCounts(
        discovered + other.discovered,
        scheduled + other.scheduled,
        outOfScope + other.outOfScope,
        disallowedByRobots + other.disallowedByRobots,
        overBudget + other.overBudget,
        trapped + other.trapped,
        reasons,
        belowRelevance + other.belowRelevance);
  }
}
