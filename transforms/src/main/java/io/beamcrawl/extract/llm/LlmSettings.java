package io.beamcrawl.extract.llm;

import java.io.Serializable;
import java.net.URI;
import io.beamcrawl.util.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How the LLM extractor talks to an OpenAI-compatible chat-completions endpoint. The API key is
 * never held here: only the name of the environment variable that holds it, read when a request
 * is made, so settings can be logged, serialised and shipped to workers safely.
 *
 * @param endpoint the API's base URL, e.g. {@code http://127.0.0.1:8000/v1}; requests go to
 *     {@code {endpoint}/chat/completions}
 * @param model the model name sent with every request
 * @param apiKeyEnv the environment variable holding the API key, or null for an endpoint that
 *     needs none; an unset variable also means no {@code Authorization} header
 * @param maxInputTokens the page's markdown is cut to this many tokens
 * @param maxOutputTokens sent as {@code max_tokens}
 * @param timeout the longest one request may take, connecting included
 * @param maxAttempts the most requests made for one page, the first one included
 * @param initialBackoff the wait before the first retry is drawn from zero up to this
 * @param maxBackoff no single wait is longer, a server's {@code Retry-After} included
 * @param temperature sent as {@code temperature}; 0 makes answers as repeatable as the model allows
 */
public record LlmSettings(
    String endpoint,
    String model,
    String apiKeyEnv,
    int maxInputTokens,
    int maxOutputTokens,
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double temperature)
    implements Serializable {

  public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
  public static final int DEFAULT_MAX_INPUT_TOKENS = 16_000;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 2_000;
  public static final long DEFAULT_TIMEOUT_SECONDS = 120;
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 1_000;
  public static final long DEFAULT_MAX_BACKOFF_SECONDS = 60;

  public LlmSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    endpoint = endpoint.strip().replaceAll("/+$", "");
    URI uri = URI.create(endpoint);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL: " + endpoint);
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (apiKeyEnv != null && apiKeyEnv.isBlank()) {
      apiKeyEnv = null;
    }
    if (maxInputTokens < 1 || maxOutputTokens < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "maxInputTokens, maxOutputTokens and maxAttempts must be at least 1");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoffs must not be negative");
    }
    if (temperature < 0 || temperature > 2) {
      throw new IllegalArgumentException("temperature must be between 0 and 2");
    }
  }

  /** Settings with every limit at its default and the key in {@value #DEFAULT_API_KEY_ENV}. */
  /** The waits between attempts. */
  public Backoff backoff() {
    return new Backoff(initialBackoff, maxBackoff);
  }

  public static LlmSettings of(String endpoint, String model) {
    return new LlmSettings(
        endpoint,
        model,
        DEFAULT_API_KEY_ENV,
        DEFAULT_MAX_INPUT_TOKENS,
        DEFAULT_MAX_OUTPUT_TOKENS,
        Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
        DEFAULT_MAX_ATTEMPTS,
        Duration.ofMillis(DEFAULT_INITIAL_BACKOFF_MILLIS),
        Duration.ofSeconds(DEFAULT_MAX_BACKOFF_SECONDS),
        0);
  }

  public URI chatCompletionsUri() {
    return URI.create(endpoint + "/chat/completions");
  }

  public LlmSettings withApiKeyEnv(String name) {
    return new LlmSettings(endpoint, model, name, maxInputTokens, maxOutputTokens, timeout,
        maxAttempts, initialBackoff, maxBackoff, temperature);
  }

  public LlmSettings withTokenLimits(int maxInput, int maxOutput) {
    return new LlmSettings(endpoint, model, apiKeyEnv, maxInput, maxOutput, timeout,
        maxAttempts, initialBackoff, maxBackoff, temperature);
  }

  public LlmSettings withTimeout(Duration requestTimeout) {
    return new LlmSettings(endpoint, model, apiKeyEnv, maxInputTokens, maxOutputTokens,
        requestTimeout, maxAttempts, initialBackoff, maxBackoff, temperature);
  }

  public LlmSettings withRetries(int attempts, Duration initial, Duration max) {
    return new LlmSettings(endpoint, model, apiKeyEnv, maxInputTokens, maxOutputTokens, timeout,
        attempts, initial, max, temperature);
  }
}
