package io.beamcrawl.crawl;

import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.util.Backoff;
import java.time.Duration;

/** Crawl settings for tests on loopback: short timeouts, one attempt per URL, no address guard. */
final class TestCrawlSettings {

  private TestCrawlSettings() {}

  static CrawlSettings of(String runId, int perHostConcurrency) {
    return of(runId, perHostConcurrency, RelevanceModel.LEXICAL);
  }

  static CrawlSettings of(String runId, int perHostConcurrency, RelevanceModel relevance) {
    FetchSettings fetch =
        new FetchSettings(
            "testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(2), 5, 500_000, AddressGuard.OFF);
    return new CrawlSettings(
        runId,
        fetch,
        perHostConcurrency,
        Duration.ofSeconds(1),
        1,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)),
        new TrapRules(200, 12, 3, 8),
        5,
        MarkdownMode.MAIN,
        64,
        128,
        relevance,
        null,
        1,
        null,
        null,
        null,
        null);
  }
}
