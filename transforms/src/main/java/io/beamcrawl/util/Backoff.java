package io.beamcrawl.util;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * How long to wait before retrying a server that asked for patience: exponential backoff with full
 * jitter, a server's {@code Retry-After} obeyed, and no wait longer than {@code maxWait}. Shared by
 * page fetches and model calls.
 *
 * @param initialWait the first retry's wait is drawn from zero up to this; it doubles per attempt
 * @param maxWait no single wait is longer, a {@code Retry-After} included
 */
public record Backoff(Duration initialWait, Duration maxWait) implements Serializable {

  /** Answers that say "not now" rather than "never": rate limits and server trouble. */
  public static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 500, 502, 503, 504);

  public Backoff {
    if (initialWait.isNegative() || maxWait.isNegative()) {
      throw new IllegalArgumentException("backoff waits must not be negative");
    }
  }

  /**
   * The wait after failed attempt {@code attempt} (1 for the first).
   *
   * @param jitter a number in [0, 1] that scales the exponential wait ("full jitter")
   */
  public Duration after(int attempt, double jitter) {
    long ceiling = initialWait.toMillis() << Math.min(attempt - 1, 30);
    long capped = Math.min(Math.max(ceiling, 0), maxWait.toMillis());
    return Duration.ofMillis(Math.round(capped * jitter));
  }

  /** The wait a server asked for, cut to {@code maxWait}. */
  public Duration capped(Duration asked) {
    return asked.compareTo(maxWait) > 0 ? maxWait : asked;
  }

  /** A {@code Retry-After} value as a wait: delay-seconds or an HTTP-date; empty if neither. */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.strip();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration until = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
