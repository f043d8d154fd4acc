package io.beamcrawl.util;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Runs an attempt again while it says it is worth it, up to {@code maxAttempts} in all, waiting
 * between attempts as each asks. The one retry loop of page fetches and model calls; what is worth
 * retrying and how long to wait ({@link Backoff}) is the caller's.
 */
public record Retry(int maxAttempts, Sleeper sleeper) {

  /** Waits between attempts; tests pass one that records the waits instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper REAL = wait -> Thread.sleep(wait.toMillis());

    void sleep(Duration wait) throws InterruptedException;
  }

  /**
   * What one attempt gave: a value to keep, or one to try again for after {@code retryAfter}.
   *
   * @param retryAfter null when the value is final
   */
  public record Tried<T>(T value, Duration retryAfter) {
    public static <T> Tried<T> done(T value) {
      return new Tried<>(value, null);
    }

    public static <T> Tried<T> again(T value, Duration wait) {
      return new Tried<>(value, wait);
    }
  }

  /**
   * The last attempt's value.
   *
   * @param attempts attempts made, the first included
   * @param gaveUp the last value asked for another try, and the attempts had run out
   * @param interrupted the thread was interrupted while waiting to try again (its flag is set)
   */
  public record Outcome<T>(T value, int attempts, boolean gaveUp, boolean interrupted) {}

  public Retry {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /** @param attempt makes attempt {@code n} (1 for the first) */
  public <T> Outcome<T> run(IntFunction<Tried<T>> attempt) {
    for (int n = 1; ; n++) {
      Tried<T> tried = attempt.apply(n);
      if (tried.retryAfter() == null) {
        return new Outcome<>(tried.value(), n, false, false);
      }
      if (n == maxAttempts) {
        return new Outcome<>(tried.value(), n, true, false);
      }
      try {
        sleeper.sleep(tried.retryAfter());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome<>(tried.value(), n, false, true);
      }
    }
  }
}
