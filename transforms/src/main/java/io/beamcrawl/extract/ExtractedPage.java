package io.beamcrawl.extract;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.stats.Pricing;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A crawled page with what extraction made of it and what it cost. Its tokens are every model
 * token the page cost: its extraction's, and the crawl's asking which of its links to follow.
 *
 * @param extraction null when there was nothing to extract (failed fetch, non-HTML content)
 * @param overCreditBudget the page was not sent to the model: its job had spent its credits
 */
@DefaultCoder(SerializableCoder.class)
public record ExtractedPage(
    CrawledPage page, ExtractionResult extraction, double creditsUsed, boolean overCreditBudget)
    implements Serializable {

  /** The page, priced by {@code pricing} for all the tokens it cost. */
  public static ExtractedPage priced(
      CrawledPage page, ExtractionResult extraction, boolean overCreditBudget, Pricing pricing) {
    ExtractedPage unpriced = new ExtractedPage(page, extraction, 0, overCreditBudget);
    return new ExtractedPage(
        page,
        extraction,
        pricing.creditsFor(page.isSuccess(), unpriced.inputTokens(), unpriced.outputTokens()),
        overCreditBudget);
  }

  public long inputTokens() {
    return page.crawlInputTokens() + (extraction == null ? 0 : extraction.inputTokens());
  }

  public long outputTokens() {
    return page.crawlOutputTokens() + (extraction == null ? 0 : extraction.outputTokens());
  }

  /** True when some of the tokens were counted here, the server having reported none. */
  public boolean tokensEstimated() {
    return (extraction != null && extraction.tokensEstimated())
        || (page.linkPicks() != null && page.linkPicks().tokensEstimated());
  }
}
