package io.beamcrawl.fetch;

import java.util.Locale;

/**
 * Why a URL's fetch failed: the pages table's {@code error_type}, and what the crawl does about
 * it. A retryable error is fetched again (up to {@code --fetchMaxAttempts}); one that counts
 * against its host is a sign the host has stopped answering ({@code --maxHostFailures}).
 */
public enum FetchError {
  /** A status of 300 or more that is not a followed redirect; the body is kept. */
  HTTP_ERROR(false, false),
  /** No connection, or no complete response, in time. */
  TIMEOUT(true, true),
  /** Refused, reset before a response, or an unknown host. */
  CONNECT_ERROR(true, true),
  /** The connection broke during the response. */
  IO_ERROR(true, true),
  /** The host resolves to a loopback, private or other non-public address ({@link AddressGuard}). */
  FORBIDDEN_ADDRESS(false, false),
  /** A redirect hop to such an address. */
  REDIRECT_FORBIDDEN_ADDRESS(false, false),
  /** A redirect hop out of the job's scope. */
  REDIRECT_OUT_OF_SCOPE(false, false),
  /** A redirect hop robots.txt disallows. */
  REDIRECT_DISALLOWED_BY_ROBOTS(false, false),
  /** A redirect to a scheme other than http(s). */
  REDIRECT_UNSUPPORTED_SCHEME(false, false),
  /** More redirects in a row than {@code --maxRedirects}. */
  TOO_MANY_REDIRECTS(false, false),
  /** A URL or redirect location that cannot be requested. */
  INVALID_URL(false, false),
  /** A body whose gzip or deflate data is broken. */
  DECODE_ERROR(false, false),
  /** Not requested: the host had stopped answering ({@code --maxHostFailures}). */
  HOST_UNRESPONSIVE(false, false),
  /** Fetched, but its render did not settle within {@code --renderTimeoutSeconds}. */
  RENDER_TIMEOUT(false, false),
  /** Fetched, but the browser could not render it (it would not start, or crashed twice on it). */
  RENDER_ERROR(false, false);

  private final boolean retryable;
  private final boolean countsAgainstHost;

  FetchError(boolean retryable, boolean countsAgainstHost) {
    this.retryable = retryable;
    this.countsAgainstHost = countsAgainstHost;
  }

  /** Worth fetching again: the next attempt may well succeed. */
  public boolean isRetryable() {
    return retryable;
  }

  /** A sign the host has stopped answering, once its retries are spent. */
  public boolean countsAgainstHost() {
    return countsAgainstHost;
  }

  /** The value of the {@code error_type} column. */
  public String columnValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The error an {@code error_type} value names; null for null. */
  public static FetchError ofColumn(String value) {
    return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
  }
}
