package io.beamcrawl.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;

/**
 * Fetches URLs with java.net.http: follows redirects itself so every hop can be checked, bounds
 * the whole fetch by one deadline (a server that trickles bytes forever still ends), keeps at most
 * {@code maxBodyBytes} of the body, and decodes gzip and deflate. Thread-safe; one instance
 * shares its connection pool between threads.
 */
public final class HttpFetcher implements AutoCloseable {

  private static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);

  private final FetchSettings settings;
  private final HttpClient client;
  private final List<Header> ownHeaders;

  public HttpFetcher(FetchSettings settings) {
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // HTTP/1.1 everywhere: no h2c upgrade attempts on plain http.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.ownHeaders =
        List.of(
            new Header("User-Agent", settings.userAgent()),
            new Header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            new Header("Accept-Encoding", "gzip, deflate"));
  }

  /** Fetches a URL, following redirects the hop check allows. Never throws for network trouble. */
  public FetchResult fetch(String url, HopCheck hopCheck) {
    return fetch(url, hopCheck, Exchange.Listener.NONE);
  }

  /**
   * Fetches a URL as {@link #fetch(String, HopCheck)} does, telling {@code exchanges} of every
   * request it sent and what came back, as received.
   */
  public FetchResult fetch(String url, HopCheck hopCheck, Exchange.Listener exchanges) {
    return fetch(url, hopCheck, exchanges, List.of());
  }

  /**
   * Fetches a URL as {@link #fetch(String, HopCheck, Exchange.Listener)} does, its first request
   * made conditional by {@code validators} (If-None-Match, If-Modified-Since): a 304 to them is
   * an answer, not an error ({@link FetchResult#isNotModified}).
   */
  public FetchResult fetch(
      String url, HopCheck hopCheck, Exchange.Listener exchanges, List<Header> validators) {
    Attempt attempt = new Attempt(url, !validators.isEmpty());
    long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
    String current = url;
    while (true) {
      URI uri;
      try {
        uri = URI.create(current);
        if (uri.getHost() == null) {
          return attempt.failed(FetchError.INVALID_URL, "no host in " + current);
        }
      } catch (IllegalArgumentException e) {
        return attempt.failed(FetchError.INVALID_URL, e.getMessage());
      }
      String forbidden = settings.addressGuard().refusal(uri.getHost());
      if (forbidden != null) {
        return attempt.failed(
            attempt.redirects.isEmpty()
                ? FetchError.FORBIDDEN_ADDRESS
                : FetchError.REDIRECT_FORBIDDEN_ADDRESS,
            forbidden);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return attempt.failed(FetchError.TIMEOUT, "no complete response within " + settings.totalTimeout());
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
      attempt.sent = settings.headers().sent(ownHeaders, uri.getHost());
      if (attempt.redirects.isEmpty() && !validators.isEmpty()) {
        attempt.sent = new ArrayList<>(attempt.sent);
        attempt.sent.addAll(validators);
      }
      attempt.sent.forEach(h -> request.header(h.name(), h.value()));
      long sentAt = System.currentTimeMillis();
      List<Header> recorded = settings.headers().recorded(attempt.sent);
      CompletableFuture<HttpResponse<LimitedBody>> pending =
          client.sendAsync(request.build(), LimitedBody.handler(settings.maxBodyBytes()));
      HttpResponse<LimitedBody> response;
      try {
        response = pending.get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true);
        FetchResult failed =
            attempt.failed(FetchError.TIMEOUT, "no complete response within " + settings.totalTimeout());
        exchanges.exchanged(unanswered(current, sentAt, recorded, failed));
        return failed;
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        FetchResult failed = attempt.failed(FetchError.IO_ERROR, "interrupted");
        exchanges.exchanged(unanswered(current, sentAt, recorded, failed));
        return failed;
      } catch (ExecutionException e) {
        FetchResult failed = attempt.failedWith(e.getCause());
        exchanges.exchanged(unanswered(current, sentAt, recorded, failed));
        return failed;
      }
      List<Header> received = headersOf(response);
      attempt.response(response, received);

      String location = response.headers().firstValue("Location").orElse(null);
      if (REDIRECTS.contains(response.statusCode()) && location != null) {
        LimitedBody hopBody = response.body();
        exchanges.exchanged(
            new Exchange(current, sentAt, recorded, response.statusCode(), received,
                hopBody.takeBytes(), hopBody.truncated(), null));
        if (attempt.redirects.size() >= settings.maxRedirects()) {
          return attempt.failed(
              FetchError.TOO_MANY_REDIRECTS, "more than " + settings.maxRedirects() + " redirects");
        }
        String next;
        try {
          next = uri.resolve(location.trim()).toString();
        } catch (IllegalArgumentException e) {
          return attempt.failed(FetchError.INVALID_URL, "bad redirect location " + location);
        }
        String scheme = URI.create(next).getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
          return attempt.failed(FetchError.REDIRECT_UNSUPPORTED_SCHEME, "redirect to " + next);
        }
        FetchError refused = hopCheck.check(next);
        if (refused != null) {
          return attempt.failed(refused, "redirect to " + next + " refused: " + refused.columnValue());
        }
        attempt.redirects.add(next);
        current = next;
        continue;
      }
      byte[] raw = response.body().takeBytes();
      exchanges.exchanged(
          new Exchange(current, sentAt, recorded, response.statusCode(), received, raw,
              response.body().truncated(), null));
      return attempt.complete(response, raw, settings.maxBodyBytes());
    }
  }

  /**
   * A browser's answer to one request of a page it renders: a response, or why none came.
   *
   * @param failure why no response came, or null
   * @param refused the address guard refused the request ({@code failure} says why)
   */
  public record Answer(int status, List<Header> headers, byte[] body, String failure, boolean refused) {

    static Answer failed(String failure) {
      return new Answer(0, List.of(), null, failure, false);
    }
  }

  /** Request headers a browser sends that the HTTP client sets itself, or that ask for encodings. */
  private static final java.util.Set<String> NOT_FORWARDED =
      java.util.Set.of("host", "connection", "content-length", "expect", "upgrade", "accept-encoding",
          "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection",
          // the browser's cache is not the crawl's: a 304 would leave it nothing to show
          "if-none-match", "if-modified-since");

  /**
   * Makes one request a browser asked for while rendering a page: the address guard applies as to
   * every fetch (with the run's cached DNS answers, so the address checked is the one connected
   * to), the body is cut at the body limit, a redirect is answered rather than followed (the
   * browser asks for its target, which is checked in turn), and the run's added headers go only
   * where they may.
   */
  public CompletableFuture<Answer> forward(
      String method, String url, List<Header> browserHeaders, byte[] body) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Answer.failed("invalid URL " + url));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      return CompletableFuture.completedFuture(Answer.failed("not an http(s) URL: " + url));
    }
    String forbidden = settings.addressGuard().refusal(uri.getHost());
    if (forbidden != null) {
      return CompletableFuture.completedFuture(new Answer(0, List.of(), null, forbidden, true));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.totalTimeout())
            .method(method, body == null || body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
    List<Header> own = new ArrayList<>();
    for (Header header : browserHeaders) {
      if (!NOT_FORWARDED.contains(header.name().toLowerCase(Locale.ROOT))) {
        own.add(header);
      }
    }
    for (Header header : settings.headers().sent(own, uri.getHost())) {
      request.header(header.name(), header.value());
    }
    return client
        .sendAsync(request.build(), LimitedBody.handler(settings.maxBodyBytes()))
        .handle((response, failure) -> {
          if (failure != null) {
            return Answer.failed(describe(failure.getCause() != null ? failure.getCause() : failure));
          }
          // A body the server encoded anyway is handed to the browser decoded, as the header no
          // longer says how it was.
          String encoding = response.headers().firstValue("Content-Encoding").orElse(null);
          byte[] bytes = response.body().takeBytes();
          List<Header> headers = new ArrayList<>();
          for (Header header : headersOf(response)) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!name.equals("content-encoding") && !name.equals("content-length")
                && !name.equals("transfer-encoding")) {
              headers.add(header);
            }
          }
          try {
            bytes = ContentDecoding.decode(bytes, encoding, settings.maxBodyBytes(), false).bytes();
          } catch (IOException e) {
            return Answer.failed("cannot decode " + encoding + " body: " + e.getMessage());
          }
          return new Answer(response.statusCode(), headers, bytes, null, false);
        });
  }

  private static Exchange unanswered(
      String url, long sentAt, List<Header> recorded, FetchResult failed) {
    return new Exchange(url, sentAt, recorded, 0, List.of(), null, false,
        failed.errorType().columnValue() + ": " + failed.errorMessage());
  }

  private static List<Header> headersOf(HttpResponse<?> response) {
    List<Header> headers = new ArrayList<>();
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        values.forEach(value -> headers.add(new Header(name, value)));
      }
    });
    return headers;
  }

  @Override
  public void close() {
    // java.net.http.HttpClient on Java 17 has nothing to close; its threads end with it.
  }

  /** The state of one fetch across its redirects. */
  private final class Attempt {
    final String url;
    final long startedAtMillis = System.currentTimeMillis();
    final long startNanos = System.nanoTime();
    final List<String> redirects = new ArrayList<>();
    HttpResponse<LimitedBody> last;
    List<Header> lastHeaders = List.of();
    /** The headers of the last request made: they differ from host to host. */
    List<Header> sent = List.of();

    /** The first request carried validators: a 304 to it means the page is unchanged. */
    final boolean conditional;

    Attempt(String url, boolean conditional) {
      this.url = url;
      this.conditional = conditional;
    }

    void response(HttpResponse<LimitedBody> response, List<Header> headers) {
      last = response;
      lastHeaders = headers;
    }

    String finalUrl() {
      return redirects.isEmpty() ? url : redirects.get(redirects.size() - 1);
    }

    FetchResult failedWith(Throwable cause) {
      if (cause instanceof HttpConnectTimeoutException) {
        return failed(FetchError.TIMEOUT, "connect timed out after " + settings.connectTimeout());
      }
      if (cause instanceof HttpTimeoutException) {
        return failed(FetchError.TIMEOUT, "no response within " + settings.totalTimeout());
      }
      if (cause instanceof ConnectException || cause instanceof UnknownHostException
          || cause instanceof UnresolvedAddressException
          || cause.getCause() instanceof UnresolvedAddressException) {
        return failed(FetchError.CONNECT_ERROR, describe(cause));
      }
      if (cause instanceof IllegalArgumentException) {
        return failed(FetchError.INVALID_URL, describe(cause));
      }
      return failed(FetchError.IO_ERROR, describe(cause));
    }

    FetchResult failed(FetchError errorType, String message) {
      return build(null, 0, false, errorType, message);
    }

    FetchResult complete(HttpResponse<LimitedBody> response, byte[] bytes, long limit) {
      LimitedBody raw = response.body();
      String encoding = response.headers().firstValue("Content-Encoding").orElse(null);
      // A 3xx without a usable Location is an answer without content: an error too, unless it
      // is the 304 a conditional request asked for.
      boolean notModified = conditional && redirects.isEmpty() && response.statusCode() == 304;
      FetchError error = response.statusCode() >= 300 && !notModified ? FetchError.HTTP_ERROR : null;
      String message = error == null ? null : "HTTP " + response.statusCode();
      try {
        ContentDecoding.Decoded decoded =
            ContentDecoding.decode(bytes, encoding, limit, raw.truncated());
        return build(decoded.bytes(), raw.receivedBytes(), decoded.truncated(), error, message);
      } catch (ZipException e) {
        return build(null, raw.receivedBytes(), raw.truncated(), FetchError.DECODE_ERROR,
            "invalid " + encoding + " body: " + e.getMessage());
      } catch (IOException e) {
        return build(null, raw.receivedBytes(), raw.truncated(), FetchError.DECODE_ERROR,
            "cannot decode " + encoding + " body: " + e.getMessage());
      }
    }

    private FetchResult build(
        byte[] body, long size, boolean truncated, FetchError errorType, String errorMessage) {
      List<Header> responseHeaders = lastHeaders;
      List<Cookie> cookies = new ArrayList<>();
      String contentType = null;
      String charset = null;
      String tlsVersion = null;
      String cipher = null;
      int status = 0;
      if (last != null) {
        status = last.statusCode();
        last.headers().allValues("Set-Cookie").stream().map(Cookie::parse)
            .filter(c -> c != null).forEach(cookies::add);
        String type = last.headers().firstValue("Content-Type").orElse(null);
        if (type != null) {
          String[] parts = type.split(";");
          contentType = parts[0].trim().toLowerCase(Locale.ROOT);
          contentType = contentType.isEmpty() ? null : contentType;
          for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.toLowerCase(Locale.ROOT).startsWith("charset=")) {
              charset = param.substring(8).replace("\"", "").trim();
            }
          }
        }
        if (last.sslSession().isPresent()) {
          tlsVersion = last.sslSession().get().getProtocol();
          cipher = last.sslSession().get().getCipherSuite();
        }
      }
      return new FetchResult(
          url, finalUrl(), redirects, "GET", status, settings.headers().recorded(sent), responseHeaders, cookies,
          tlsVersion, cipher, startedAtMillis,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), body, size, truncated,
          contentType, charset, errorType, errorMessage);
    }
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
