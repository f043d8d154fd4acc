package io.beamcrawl.crawl;

import io.beamcrawl.fetch.FetchError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.fetch.HopCheck;
import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.testing.RawFaultServer.Fault;
import io.beamcrawl.testing.RawFaultServer;
import io.beamcrawl.testing.TestWebServer;
import io.beamcrawl.util.Backoff;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.After;
import org.junit.Test;

/**
 * The faults a crawler meets, each served on loopback: every one ends as a page record (success,
 * or failed with its error type), within the time limit, with the attempts it took.
 */
public class FaultToleranceTest {

  private static final long MAX_BODY = 200_000;

  private final TestWebServer server = TestWebServer.start("127.0.0.1");
  private final HttpFetcher fetcher =
      new HttpFetcher(
          new FetchSettings(
              "testbot/1.0", Duration.ofSeconds(1), Duration.ofSeconds(1), 3, MAX_BODY, AddressGuard.OFF));
  private final PageCrawler crawler =
      new PageCrawler(
          fetcher, new RobotsCache(fetcher, "testbot"), 2,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), MarkdownMode.MAIN);

  @After
  public void stop() {
    server.close();
  }

  private CrawledPage crawl(String url) {
    CrawlJob job =
        new CrawlJob("j", url, List.of(url), null, null, 10, 1, List.of(), List.of(), false, false,
            false, null, null, null);
    return crawler.crawl(new FrontierUrl("j", url, 0, null), job, Scope.of(job)).page();
  }

  private CrawledPage crawlFault(Fault fault) throws IOException {
    try (RawFaultServer faulty = new RawFaultServer().fault(fault)) {
      long start = System.nanoTime();
      CrawledPage page = crawl(faulty.url("/"));
      assertThat(fault + " took too long", (System.nanoTime() - start) / 1_000_000, lessThan(6_000L));
      return page;
    }
  }

  @Test
  public void aServerThatNeverAnswersTimesOutOnEveryAttempt() throws IOException {
    CrawledPage page = crawlFault(Fault.NEVER_ANSWER);
    assertEquals(FetchError.TIMEOUT, page.fetch().errorType());
    assertEquals(2, page.fetchAttempts());
  }

  @Test
  public void brokenConnectionsAreIoErrorsAndRetried() throws IOException {
    for (Fault fault : List.of(Fault.RESET_MID_BODY, Fault.TRUNCATED_CHUNKED, Fault.HEADERS_THEN_CLOSE)) {
      CrawledPage page = crawlFault(fault);
      assertFalse(fault.toString(), page.isSuccess());
      assertEquals(fault.toString(), FetchError.IO_ERROR, page.fetch().errorType());
      assertEquals(fault.toString(), 2, page.fetchAttempts());
    }
  }

  @Test
  public void aRobotsTxtThatNeverAnswersDisallowsTheSiteInsteadOfHangingIt() throws IOException {
    try (RawFaultServer faulty = new RawFaultServer().fault(Fault.NEVER_ANSWER).faultRobotsToo()) {
      long start = System.nanoTime();
      assertFalse(new RobotsCache(fetcher, "testbot").isAllowed(faulty.url("/robots-hangs")));
      assertThat((System.nanoTime() - start) / 1_000_000, lessThan(3_000L));
    }
  }

  @Test
  public void aCompressionBombStopsAtTheBodyLimit() throws IOException {
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gzip.write(zeros); // 64 MiB of zeros in about 64 KiB
      }
    }
    server.handler("/bomb", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      TestWebServer.send(exchange, 200, gzipped.toByteArray());
    });
    FetchResult fetched = fetcher.fetch(server.url("/bomb"), HopCheck.ALLOW_ALL);
    assertTrue(fetched.truncated());
    assertThat(fetched.body().length, lessThanOrEqualTo((int) MAX_BODY));
    assertTrue(crawl(server.url("/bomb")).fetch().truncated());
  }

  @Test
  public void redirectsToOtherSchemesAndLongChainsFail() {
    for (String target : List.of("file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)")) {
      server.redirect("/to-" + target.substring(0, 3), 302, target);
      CrawledPage page = crawl(server.url("/to-" + target.substring(0, 3)));
      assertEquals(target, FetchError.REDIRECT_UNSUPPORTED_SCHEME, page.fetch().errorType());
    }
    for (int i = 0; i < 5; i++) {
      server.redirect("/hop/" + i, 301, "/hop/" + (i + 1));
    }
    server.page("/hop/5", "<title>end</title>");
    assertEquals(FetchError.TOO_MANY_REDIRECTS, crawl(server.url("/hop/0")).fetch().errorType());
  }

  @Test
  public void onlyHtmlIsParsedAndEveryTypeIsRecorded() {
    byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".getBytes(StandardCharsets.US_ASCII);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    byte[] binary = new byte[4096];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31 % 256);
    }
    server.file("/doc.pdf", "application/pdf", pdf);
    server.file("/image", "image/png", png);
    server.file("/data.json", "application/json", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
    server.file("/fake.html", "text/html", pdf);
    server.file("/noise.html", "text/html", binary);
    for (String path : List.of("/doc.pdf", "/image", "/data.json", "/fake.html", "/noise.html")) {
      CrawledPage page = crawl(server.url(path));
      assertTrue(path, page.isSuccess());
      assertNull(path + " must not be parsed as HTML", page.parsed());
      assertNotNull(path, page.mimeDetected());
    }
    assertEquals("application/pdf", crawl(server.url("/fake.html")).mimeDetected());
  }

  @Test
  public void malformedHtmlAndLyingCharsetsStillParse() {
    server.page("/tags", "<html><title>Broken</title><body><div><p>unclosed <b>bold<table><tr><td>x</html>");
    byte[] latin1 = "<title>Caf\u00e9</title>".getBytes(StandardCharsets.ISO_8859_1);
    server.handler("/lying", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      TestWebServer.send(exchange, 200, latin1);
    });
    assertEquals("Broken", crawl(server.url("/tags")).parsed().title());
    CrawledPage lying = crawl(server.url("/lying"));
    assertTrue(lying.isSuccess());
    assertEquals("Caf\uFFFD", lying.parsed().title());
  }

  @Test
  public void aHugeRobotsTxtIsReadUpToTheLimitAndStillApplied() {
    StringBuilder robots = new StringBuilder("User-agent: *\nDisallow: /private/\n");
    while (robots.length() < 3 * MAX_BODY) {
      robots.append("# padding padding padding padding padding padding padding\n");
    }
    server.file("/robots.txt", "text/plain", robots.toString().getBytes(StandardCharsets.UTF_8));
    RobotsCache cache = new RobotsCache(fetcher, "testbot");
    assertFalse(cache.isAllowed(server.url("/private/x")));
    assertTrue(cache.isAllowed(server.url("/public")));
  }
}
