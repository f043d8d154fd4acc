package io.beamcrawl.archive;

import io.beamcrawl.fetch.Exchange;
import io.beamcrawl.fetch.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * The WARC records of one exchange: a {@code request} record, then a {@code response} record
 * holding the response as received (status line, headers, body before any Content-Encoding is
 * undone), or, when no response came, a {@code metadata} record saying why. Both carry the
 * request's time, and the second names the request record (WARC-Concurrent-To).
 *
 * <p>The HTTP client hands over a chunked body already joined, so a {@code Transfer-Encoding}
 * header is kept as {@code X-Crawler-Transfer-Encoding}, the name Common Crawl uses for a header
 * that no longer describes the payload; and it gives no reason phrase, so the status line has
 * the standard one.
 */
final class ExchangeRecords {

  private ExchangeRecords() {}

  static List<WarcRecord> of(Exchange exchange) throws IOException {
    URI target = URI.create(exchange.url());
    Instant date = Instant.ofEpochMilli(exchange.requestedAtMillis());
    WarcRequest request =
        new WarcRequest.Builder(target)
            .version(MessageVersion.WARC_1_1)
            .date(date)
            .body(MediaType.HTTP_REQUEST, requestMessage(target, exchange.requestHeaders()))
            .build();
    List<WarcRecord> records = new ArrayList<>(2);
    records.add(request);
    if (exchange.statusCode() > 0) {
      WarcResponse.Builder response =
          new WarcResponse.Builder(target)
              .version(MessageVersion.WARC_1_1)
              .date(date)
              .concurrentTo(request.id())
              .body(MediaType.HTTP_RESPONSE, responseMessage(exchange))
              .payloadDigest(sha1(exchange.body()));
      if (exchange.truncated()) {
        response.truncated(WarcTruncationReason.LENGTH);
      }
      records.add(response.build());
    } else {
      records.add(
          new WarcMetadata.Builder()
              .version(MessageVersion.WARC_1_1)
              .targetURI(target)
              .date(date)
              .concurrentTo(request.id())
              .fields(Map.of("fetchError", List.of(exchange.error())))
              .build());
    }
    return records;
  }

  private static byte[] requestMessage(URI target, List<Header> headers) {
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    StringBuilder message = new StringBuilder("GET ").append(path);
    if (target.getRawQuery() != null) {
      message.append('?').append(target.getRawQuery());
    }
    message.append(" HTTP/1.1\r\nHost: ").append(target.getRawAuthority()).append("\r\n");
    headers.forEach(h -> message.append(h.name()).append(": ").append(h.value()).append("\r\n"));
    return message.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] responseMessage(Exchange exchange) throws IOException {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ").append(exchange.statusCode());
    String reason = reasonPhrase(exchange.statusCode());
    head.append(' ').append(reason).append("\r\n");
    for (Header header : exchange.responseHeaders()) {
      String name =
          header.name().equalsIgnoreCase("Transfer-Encoding")
              ? "X-Crawler-Transfer-Encoding"
              : header.name();
      head.append(name).append(": ").append(header.value()).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream message = new ByteArrayOutputStream(head.length() + exchange.body().length);
    message.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    message.write(exchange.body());
    return message.toByteArray();
  }

  private static WarcDigest sha1(byte[] payload) {
    try {
      return new WarcDigest("sha1", MessageDigest.getInstance("SHA-1").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-1", e);
    }
  }

  /** RFC 9110's reason phrases; empty, as HTTP allows, for a status it does not name. */
  static String reasonPhrase(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 203 -> "Non-Authoritative Information";
      case 204 -> "No Content";
      case 205 -> "Reset Content";
      case 206 -> "Partial Content";
      case 300 -> "Multiple Choices";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 305 -> "Use Proxy";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 407 -> "Proxy Authentication Required";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Range Not Satisfiable";
      case 417 -> "Expectation Failed";
      case 421 -> "Misdirected Request";
      case 422 -> "Unprocessable Content";
      case 426 -> "Upgrade Required";
      case 429 -> "Too Many Requests";
      case 451 -> "Unavailable For Legal Reasons";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "";
    };
  }
}
