package io.beamcrawl.fetch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.After;
import org.junit.Test;

public class HttpFetcherTest {

  private static final FetchSettings SETTINGS =
      new FetchSettings("testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(2), 3, 1000, AddressGuard.OFF);

  private final TestWebServer server = TestWebServer.start("127.0.0.1");
  private final HttpFetcher fetcher = new HttpFetcher(SETTINGS);

  @After
  public void stop() {
    server.close();
  }

  @Test
  public void recordsTheResponseWithHeadersAndEveryCookieAttribute() {
    server.handler("/page", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=ISO-8859-1");
      exchange.getResponseHeaders().add("Set-Cookie", "sid=abc; Domain=127.0.0.1; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax");
      exchange.getResponseHeaders().add("Set-Cookie", "theme=dark; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
      TestWebServer.send(exchange, 200, "<p>hi</p>".getBytes(StandardCharsets.UTF_8));
    });
    FetchResult result = fetcher.fetch(server.url("/page"), HopCheck.ALLOW_ALL);
    assertTrue(result.isSuccess());
    assertEquals(200, result.statusCode());
    assertEquals("GET", result.method());
    assertEquals("text/html", result.contentType());
    assertEquals("ISO-8859-1", result.headerCharset());
    assertEquals("<p>hi</p>", new String(result.body(), StandardCharsets.UTF_8));
    assertEquals(9, result.sizeBytes());
    assertFalse(result.truncated());
    assertEquals(
        List.of(
            new Cookie("sid", "abc", "127.0.0.1", "/", null, 60L, true, true, "Lax"),
            new Cookie("theme", "dark", null, null, "Wed, 21 Oct 2037 07:28:00 GMT", null, false, false, null)),
        result.responseCookies());
    assertTrue(result.requestHeaders().contains(new Header("User-Agent", "testbot/1.0")));
    assertEquals("testbot/1.0", server.requests().get(0).headers().getFirst("User-Agent"));
    assertTrue(result.responseHeaders().stream().anyMatch(h -> h.name().equalsIgnoreCase("set-cookie")));
    assertNull(result.tlsVersion());
  }

  @Test
  public void decodesGzipAndBothKindsOfDeflate() throws IOException {
    byte[] text = "compressed hello".getBytes(StandardCharsets.UTF_8);
    encoded("/gzip", "gzip", gzip(text));
    encoded("/zlib", "deflate", deflate(text, false));
    encoded("/raw", "deflate", deflate(text, true));
    for (String path : List.of("/gzip", "/zlib", "/raw")) {
      FetchResult result = fetcher.fetch(server.url(path), HopCheck.ALLOW_ALL);
      assertEquals(path, null, result.errorType());
      assertArrayEquals(path, text, result.body());
    }
  }

  @Test
  public void invalidGzipIsADecodeError() {
    encoded("/bad", "gzip", "not gzip at all".getBytes(StandardCharsets.UTF_8));
    FetchResult result = fetcher.fetch(server.url("/bad"), HopCheck.ALLOW_ALL);
    assertEquals(FetchError.DECODE_ERROR, result.errorType());
    assertFalse(result.isSuccess());
  }

  @Test
  public void bodiesAndDecompressedBodiesStopAtTheLimit() throws IOException {
    server.file("/big", "text/plain", new byte[50_000]);
    FetchResult big = fetcher.fetch(server.url("/big"), HopCheck.ALLOW_ALL);
    assertTrue(big.truncated());
    assertEquals(1000, big.body().length);
    assertTrue(big.isSuccess());

    encoded("/bomb", "gzip", gzip(new byte[5_000_000]));
    FetchResult bomb = fetcher.fetch(server.url("/bomb"), HopCheck.ALLOW_ALL);
    assertTrue(bomb.truncated());
    assertEquals(1000, bomb.body().length);
  }

  @Test
  public void followsRedirectsAndRecordsEveryHop() {
    server.redirect("/a", 301, "/b");
    server.redirect("/b", 302, server.url("/c"));
    server.page("/c", "done");
    FetchResult result = fetcher.fetch(server.url("/a"), HopCheck.ALLOW_ALL);
    assertTrue(result.isSuccess());
    assertEquals(List.of(server.url("/b"), server.url("/c")), result.redirects());
    assertEquals(server.url("/c"), result.finalUrl());
    assertEquals(server.url("/a"), result.url());
  }

  @Test
  public void aRedirectLoopEndsAtTheLimit() {
    server.redirect("/x", 302, "/y");
    server.redirect("/y", 302, "/x");
    FetchResult result = fetcher.fetch(server.url("/x"), HopCheck.ALLOW_ALL);
    assertEquals(FetchError.TOO_MANY_REDIRECTS, result.errorType());
    assertEquals(4, server.requests().size());
  }

  @Test
  public void aRefusedHopIsNeverRequested() {
    server.redirect("/go", 301, "/forbidden");
    FetchResult result = fetcher.fetch(server.url("/go"), url -> url.endsWith("/forbidden") ? FetchError.REDIRECT_OUT_OF_SCOPE : null);
    assertEquals(FetchError.REDIRECT_OUT_OF_SCOPE, result.errorType());
    assertEquals(0, server.count("/forbidden"));
    server.redirect("/ftp", 301, "ftp://127.0.0.1/file");
    assertEquals(FetchError.REDIRECT_UNSUPPORTED_SCHEME, fetcher.fetch(server.url("/ftp"), HopCheck.ALLOW_ALL).errorType());
  }

  @Test
  public void httpErrorsKeepTheirStatus() {
    server.status("/oops", 500);
    FetchResult missing = fetcher.fetch(server.url("/missing"), HopCheck.ALLOW_ALL);
    assertEquals(FetchError.HTTP_ERROR, missing.errorType());
    assertEquals(404, missing.statusCode());
    assertEquals(500, fetcher.fetch(server.url("/oops"), HopCheck.ALLOW_ALL).statusCode());
  }

  @Test
  public void aRefusedConnectionIsAConnectError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    FetchResult result = fetcher.fetch("http://127.0.0.1:" + port + "/", HopCheck.ALLOW_ALL);
    assertEquals(FetchError.CONNECT_ERROR, result.errorType());
    assertEquals(0, result.statusCode());
  }

  @Test
  public void aTricklingBodyEndsAtTheTotalTimeout() {
    server.handler("/slow", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        for (int i = 0; i < 100; i++) {
          out.write('x');
          out.flush();
          Thread.sleep(200);
        }
      } catch (InterruptedException | IOException e) {
        // The client went away.
      }
    });
    long start = System.nanoTime();
    FetchResult result = fetcher.fetch(server.url("/slow"), HopCheck.ALLOW_ALL);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(FetchError.TIMEOUT, result.errorType());
    assertThat(result.errorMessage(), containsString("PT2S"));
    assertThat(millis, lessThan(5_000L));
  }

  private void encoded(String path, String encoding, byte[] body) {
    server.handler(path, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.getResponseHeaders().set("Content-Encoding", encoding);
      TestWebServer.send(exchange, 200, body);
    });
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      z.write(data);
    }
    return out.toByteArray();
  }
}
