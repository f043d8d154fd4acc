package io.beamcrawl.extract;

import java.io.Serializable;

/**
 * What an extractor made of a page.
 *
 * @param dataJson the page's {@code data}: JSON text, or the markdown when extraction failed
 * @param failed extraction failed and {@code dataJson} is the fallback
 * @param failureReason why it failed, for the page record
 * @param inputTokens model input tokens spent on the page, failed or not
 * @param outputTokens model output tokens spent on the page
 * @param tokensEstimated the counts come from a tokenizer, not from the model's usage report
 * @param attempts model calls made for the page, retries included; 0 when no model was called
 * @param inputTruncated the page was cut to fit the model's input token limit
 */
public record ExtractionResult(
    String dataJson,
    boolean failed,
    String failureReason,
    long inputTokens,
    long outputTokens,
    boolean tokensEstimated,
    int attempts,
    boolean inputTruncated)
    implements Serializable {

  /** A successful extraction that used no model. */
  public static ExtractionResult of(String dataJson) {
    return new ExtractionResult(dataJson, false, null, 0, 0, false, 0, false);
  }

  /** A failed extraction that used no model: the fallback data and the reason. */
  /** Why a page that went over its job's credit cap has no extraction. */
  public static final String OVER_CREDIT_CAP = "not sent to the model: the job reached its credit cap";

  /** A page not sent to the model, as its job would have gone over its credit cap. */
  public static ExtractionResult overCreditCap(String markdown) {
    return failed(markdown, OVER_CREDIT_CAP);
  }

  public static ExtractionResult failed(String fallbackData, String reason) {
    return new ExtractionResult(fallbackData, true, reason, 0, 0, false, 0, false);
  }
}
