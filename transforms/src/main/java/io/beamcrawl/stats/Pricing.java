package io.beamcrawl.stats;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one pricing table: what pages and model tokens cost in credits. Failed pages cost nothing.
 * A page's credits are exact; a job's are the sum over its pages, rounded by {@code jobRounding}
 * (hosted APIs bill whole credits per job).
 *
 * <p>The default reproduces the published example of a crawl job (8 pages, 14,820 input and
 * 3,210 output tokens): 8 × 2 + 14.82 × 0.4 + 3.21 × 1.0 = 25.138, rounded to 25 credits.
 *
 * @param creditsPerPage charged for each successfully fetched page
 * @param creditsPer1kInputTokens charged per 1,000 model input tokens
 * @param creditsPer1kOutputTokens charged per 1,000 model output tokens
 * @param jobRounding how a job's total is rounded to whole credits
 */
public record Pricing(
    double creditsPerPage,
    double creditsPer1kInputTokens,
    double creditsPer1kOutputTokens,
    Rounding jobRounding)
    implements Serializable {

  public static final Pricing DEFAULT = new Pricing(2, 0.4, 1.0, Rounding.NEAREST);

  /** Whole credits for a job: half up, always up, or no rounding at all. */
  public enum Rounding {
    NEAREST(RoundingMode.HALF_UP),
    UP(RoundingMode.CEILING),
    NONE(null);

    private final RoundingMode mode;

    Rounding(RoundingMode mode) {
      this.mode = mode;
    }
  }

  // Page credits are kept to this many decimals, so sums are free of binary noise.
  private static final int PAGE_SCALE = 6;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  public Pricing {
    requireNotNegative("credits_per_page", creditsPerPage);
    requireNotNegative("credits_per_1k_input_tokens", creditsPer1kInputTokens);
    requireNotNegative("credits_per_1k_output_tokens", creditsPer1kOutputTokens);
    if (jobRounding == null) {
      throw new IllegalArgumentException("job_rounding must be one of nearest, up, none");
    }
  }

  /**
   * Reads a pricing file: a JSON object with all four fields, e.g. {@code {"credits_per_page": 2,
   * "credits_per_1k_input_tokens": 0.4, "credits_per_1k_output_tokens": 1.0, "job_rounding":
   * "nearest"}}.
   */
  public static Pricing read(Path file) throws IOException {
    String text = Files.readString(file);
    try {
      Fields fields = JSON.readValue(text, Fields.class);
      if (fields.creditsPerPage == null
          || fields.creditsPer1kInputTokens == null
          || fields.creditsPer1kOutputTokens == null
          || fields.jobRounding == null) {
        throw new IllegalArgumentException(
            "needs credits_per_page, credits_per_1k_input_tokens, credits_per_1k_output_tokens"
                + " and job_rounding (nearest, up or none)");
      }
      return new Pricing(
          fields.creditsPerPage,
          fields.creditsPer1kInputTokens,
          fields.creditsPer1kOutputTokens,
          rounding(fields.jobRounding));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a pricing table: " + e.getOriginalMessage(), e);
    }
  }

  /** A page's credits: nothing for a failed page, else the page price and its tokens. */
  public double creditsFor(boolean success, long inputTokens, long outputTokens) {
    if (!success) {
      return 0;
    }
    return BigDecimal.valueOf(creditsPerPage)
        .add(BigDecimal.valueOf(creditsPer1kInputTokens * inputTokens / 1000.0))
        .add(BigDecimal.valueOf(creditsPer1kOutputTokens * outputTokens / 1000.0))
        .setScale(PAGE_SCALE, RoundingMode.HALF_UP)
        .doubleValue();
  }

  /** A job's credits from the exact sum of its pages' credits. */
  public double jobCredits(double pageCreditsSum) {
    BigDecimal sum = BigDecimal.valueOf(pageCreditsSum).setScale(PAGE_SCALE, RoundingMode.HALF_UP);
    return jobRounding.mode == null
        ? sum.doubleValue()
        : sum.setScale(0, jobRounding.mode).doubleValue();
  }

  private static Rounding rounding(String name) {
    try {
      return Rounding.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "job_rounding \"" + name + "\" must be one of nearest, up, none");
    }
  }

  private static void requireNotNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be a number >= 0, not " + value);
    }
  }

  /** The file's shape; boxed so a missing field is told apart from 0. */
  private static final class Fields {
    @JsonProperty("credits_per_page")
    public Double creditsPerPage;

    @JsonProperty("credits_per_1k_input_tokens")
    public Double creditsPer1kInputTokens;

    @JsonProperty("credits_per_1k_output_tokens")
    public Double creditsPer1kOutputTokens;

    @JsonProperty("job_rounding")
    public String jobRounding;
  }
}
