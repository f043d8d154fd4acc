package io.beamcrawl.extract;

import io.beamcrawl.crawl.CrawledPage;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A crawled page with what extraction made of it and what it cost.
 *
 * @param extraction null when there was nothing to extract (failed fetch, non-HTML content)
 * @param overCreditBudget the page was not sent to the model: its job had spent its credits
 */
@DefaultCoder(SerializableCoder.class)
public record ExtractedPage(
    CrawledPage page, ExtractionResult extraction, double creditsUsed, boolean overCreditBudget)
    implements Serializable {

  public long inputTokens() {
    return extraction == null ? 0 : extraction.inputTokens();
  }

  public long outputTokens() {
    return extraction == null ? 0 : extraction.outputTokens();
  }
}
