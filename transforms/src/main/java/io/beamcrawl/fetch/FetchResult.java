package io.beamcrawl.fetch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one fetch produced, success or not. A fetch never throws: a failure is a result with
 * an {@code errorType} and an {@code errorMessage}.
 *
 * <p>Error types: see {@link FetchError}.
 *
 * @param redirects every URL requested after the first, in order
 * @param statusCode the last response's status, 0 when none came
 * @param body the decoded body (at most maxBodyBytes), null when there was none
 * @param sizeBytes body bytes received on the wire
 * @param contentType the media type of the Content-Type header, lower case, without parameters
 * @param headerCharset the charset parameter of the Content-Type header
 */
public record FetchResult(
    String url,
    String finalUrl,
    List<String> redirects,
    String method,
    int statusCode,
    List<Header> requestHeaders,
    List<Header> responseHeaders,
    List<Cookie> responseCookies,
    String tlsVersion,
    String tlsCipherSuite,
    long startedAtMillis,
    long timeMs,
    byte[] body,
    long sizeBytes,
    boolean truncated,
    String contentType,
    String headerCharset,
    FetchError errorType,
    String errorMessage)
    implements Serializable {

  public FetchResult {
    redirects = List.copyOf(redirects);
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
    responseCookies = List.copyOf(responseCookies);
  }

  /** A URL that was not requested at all, and why. */
  public static FetchResult notFetched(String url, FetchError errorType, String errorMessage) {
    return new FetchResult(
        url, url, List.of(), "GET", 0, List.of(), List.of(), List.of(), null, null,
        System.currentTimeMillis(), 0, null, 0, false, null, null, errorType, errorMessage);
  }

  /** A 2xx response that arrived whole enough to use. */
  public boolean isSuccess() {
    return errorType == null && statusCode >= 200 && statusCode < 300;
  }

  /** A 304 to a conditional request: the page is as it was when its validators were given. */
  public boolean isNotModified() {
    return errorType == null && statusCode == 304;
  }

  /**
   * The earlier result this one found unchanged, as made now: its request, time and bytes on the
   * wire are this one's; so are its response headers when it sent the same body again, while a
   * 304 keeps the earlier response's with the validators it sent instead (so the next crawl asks
   * with those).
   */
  public FetchResult revalidatedBy(FetchResult now) {
    List<Header> headers = now.isNotModified() ? withValidatorsOf(now) : now.responseHeaders;
    return new FetchResult(
        url, finalUrl, redirects, method, statusCode, now.requestHeaders, headers,
        responseCookies, now.tlsVersion, now.tlsCipherSuite, now.startedAtMillis, now.timeMs, body,
        now.sizeBytes, truncated, contentType, headerCharset, errorType, errorMessage);
  }

  private List<Header> withValidatorsOf(FetchResult notModified) {
    List<Header> sent = new ArrayList<>();
    for (Header header : notModified.responseHeaders) {
      if (isValidator(header)) {
        sent.add(header);
      }
    }
    List<Header> headers = new ArrayList<>();
    for (Header header : responseHeaders) {
      boolean replaced = isValidator(header)
          && sent.stream().anyMatch(h -> h.name().equalsIgnoreCase(header.name()));
      if (!replaced) {
        headers.add(header);
      }
    }
    headers.addAll(sent);
    return headers;
  }

  private static boolean isValidator(Header header) {
    return header.name().equalsIgnoreCase("ETag") || header.name().equalsIgnoreCase("Last-Modified");
  }

  /**
   * The same response, failed after it came: the page was fetched, but what the crawl makes of
   * it (its render) could not be made. The status and headers stay the response's.
   */
  public FetchResult failedAfter(FetchError error, String message) {
    return new FetchResult(
        url, finalUrl, redirects, method, statusCode, requestHeaders, responseHeaders,
        responseCookies, tlsVersion, tlsCipherSuite, startedAtMillis, timeMs, body, sizeBytes,
        truncated, contentType, headerCharset, error, message);
  }

  /** The same result without the body, once it has been parsed: it need not travel further. */
  public FetchResult withoutBody() {
    return new FetchResult(
        url, finalUrl, redirects, method, statusCode, requestHeaders, responseHeaders,
        responseCookies, tlsVersion, tlsCipherSuite, startedAtMillis, timeMs, null, sizeBytes,
        truncated, contentType, headerCharset, errorType, errorMessage);
  }
}
