package io.beamcrawl.stats;

import java.io.Serializable;

/**
 * The one pricing table: what a page costs in credits. Failed pages cost nothing.
 *
 * @param creditsPerPage charged for each successfully fetched page
 * @param creditsPer1kInputTokens charged per 1,000 model input tokens
 * @param creditsPer1kOutputTokens charged per 1,000 model output tokens
 */
public record Pricing(
    double creditsPerPage, double creditsPer1kInputTokens, double creditsPer1kOutputTokens)
    implements Serializable {

  /** Two credits a successful page; token prices arrive with model extraction. */
  public static final Pricing DEFAULT = new Pricing(2, 0, 0);

  public double creditsFor(boolean success, long inputTokens, long outputTokens) {
    if (!success) {
      return 0;
    }
    return creditsPerPage
        + creditsPer1kInputTokens * inputTokens / 1000.0
        + creditsPer1kOutputTokens * outputTokens / 1000.0;
  }
}
