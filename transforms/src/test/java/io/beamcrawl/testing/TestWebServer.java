package io.beamcrawl.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback address for tests, with an access log and a record of how many
 * requests it had in flight at once. Every 127.x.y.z address works on Linux, so one test can serve
 * several hosts. Routes match the path and query exactly; unknown ones answer 404.
 */
public final class TestWebServer implements AutoCloseable {

  /** One request as the server saw it. */
  public record Request(String method, String pathAndQuery, Headers headers, Instant arrived) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Duration responseDelay = Duration.ZERO;

  private TestWebServer(String address) throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public static TestWebServer start(String loopbackAddress) {
    try {
      return new TestWebServer(loopbackAddress);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** http://address:port, without a trailing slash. */
  public String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  public String url(String path) {
    return baseUrl() + path;
  }

  /**
   * A site of a home page {@code /} linking to {@code pages} pages {@code /p0, /p1...}, each
   * linking back home.
   *
   * @return the site's URLs, the home page first
   */
  public List<String> homeLinkingTo(int pages) {
    List<String> urls = new ArrayList<>(List.of(url("/")));
    StringBuilder home = new StringBuilder("<html><body>");
    for (int i = 0; i < pages; i++) {
      String path = "/p" + i;
      home.append("<a href=\"").append(path).append("\">").append(i).append("</a>");
      page(path, "<html><body><a href=\"/\">home</a></body></html>");
      urls.add(url(path));
    }
    page("/", home.append("</body></html>").toString());
    return urls;
  }

  public TestWebServer page(String path, String html) {
    return file(path, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  public TestWebServer file(String path, String contentType, byte[] body) {
    return handler(path, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      send(exchange, 200, body);
    });
  }

  public TestWebServer redirect(String from, int status, String location) {
    return handler(from, exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      send(exchange, status, new byte[0]);
    });
  }

  public TestWebServer status(String path, int code) {
    return handler(path, exchange -> send(exchange, code, ("status " + code).getBytes(StandardCharsets.UTF_8)));
  }

  public TestWebServer handler(String pathAndQuery, HttpHandler handler) {
    routes.put(pathAndQuery, handler);
    return this;
  }

  /** Every response waits this long first, so concurrency limits become visible. */
  public void setResponseDelay(Duration delay) {
    responseDelay = delay;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Forgets the requests so far, for a test that crawls the same server again. */
  public void clearLog() {
    synchronized (requests) {
      requests.clear();
    }
  }

  public List<String> requestedPaths() {
    return requests().stream().map(Request::pathAndQuery).toList();
  }

  public long count(String pathAndQuery) {
    return requestedPaths().stream().filter(pathAndQuery::equals).count();
  }

  /** The most requests this server had in flight at the same time. */
  public int maxConcurrentRequests() {
    return maxInFlight.get();
  }

  /** Writes a complete response with a Content-Length. */
  public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    synchronized (requests) {
      requests.add(new Request(exchange.getRequestMethod(), target, exchange.getRequestHeaders(), Instant.now()));
    }
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (!responseDelay.isZero()) {
        Thread.sleep(responseDelay.toMillis());
      }
      HttpHandler route = routes.get(target);
      if (route == null) {
        send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
      } else {
        route.handle(exchange);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
