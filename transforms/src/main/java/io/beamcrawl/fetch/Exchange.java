package io.beamcrawl.fetch;

import java.util.List;

/**
 * One request and what came back, as they crossed the wire: what a web archive keeps of a fetch.
 * A fetch makes one per request, redirect hops and retries included.
 *
 * @param url the URL requested
 * @param requestedAtMillis when the request was sent
 * @param requestHeaders the headers sent, secret values redacted
 * @param statusCode the response's status; 0 when no response came
 * @param responseHeaders the response's headers, as received
 * @param body the body as received, before any Content-Encoding is undone (at most
 *     maxBodyBytes); empty when there was none
 * @param truncated the body was cut at maxBodyBytes
 * @param error why no response came, or null
 */
public record Exchange(
    String url,
    long requestedAtMillis,
    List<Header> requestHeaders,
    int statusCode,
    List<Header> responseHeaders,
    byte[] body,
    boolean truncated,
    String error) {

  public Exchange {
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
    body = body == null ? new byte[0] : body;
  }

  /** Hears of each exchange of a fetch as it ends. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = exchange -> {};

    void exchanged(Exchange exchange);
  }
}
