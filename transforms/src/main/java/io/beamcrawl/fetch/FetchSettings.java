package io.beamcrawl.fetch;

import java.io.Serializable;
import java.time.Duration;

/**
 * How pages are fetched.
 *
 * @param userAgent sent with every request
 * @param connectTimeout the longest wait for a connection
 * @param totalTimeout the longest a whole fetch may take: redirects, headers and the full body
 * @param maxRedirects redirects followed before the fetch fails as too_many_redirects
 * @param maxBodyBytes the most body bytes kept, before and after decompression
 * @param addressGuard which addresses may be fetched
 * @param headers headers added to every request, and which values are recorded redacted
 */
public record FetchSettings(
    String userAgent,
    Duration connectTimeout,
    Duration totalTimeout,
    int maxRedirects,
    long maxBodyBytes,
    AddressGuard addressGuard,
    RequestHeaders headers)
    implements Serializable {

  /** Settings with no added headers. */
  public FetchSettings(
      String userAgent,
      Duration connectTimeout,
      Duration totalTimeout,
      int maxRedirects,
      long maxBodyBytes,
      AddressGuard addressGuard) {
    this(userAgent, connectTimeout, totalTimeout, maxRedirects, maxBodyBytes, addressGuard, RequestHeaders.NONE);
  }
}
