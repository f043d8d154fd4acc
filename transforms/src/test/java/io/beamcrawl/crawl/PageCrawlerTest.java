package io.beamcrawl.crawl;

import io.beamcrawl.fetch.FetchError;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.testing.TestWebServer;
import io.beamcrawl.util.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

public class PageCrawlerTest {

  private static final Duration MAX_WAIT = Duration.ofMillis(300);

  private final TestWebServer server = TestWebServer.start("127.0.0.1");
  private final HttpFetcher fetcher =
      new HttpFetcher(
          new FetchSettings("testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(1), 5, 500_000, AddressGuard.OFF));
  private final PageCrawler crawler =
      new PageCrawler(
          fetcher, new RobotsCache(fetcher, "testbot"), 3, new Backoff(Duration.ofMillis(20), MAX_WAIT), MarkdownMode.MAIN);

  @After
  public void stop() {
    server.close();
  }

  /** Answers {@code failures} times with {@code status} and {@code retryAfter}, then a page. */
  private void flaky(String path, int failures, int status, String retryAfter) {
    AtomicInteger calls = new AtomicInteger();
    server.handler(
        path,
        exchange -> {
          if (calls.incrementAndGet() <= failures) {
            if (retryAfter != null) {
              exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            TestWebServer.send(exchange, status, new byte[0]);
          } else {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            TestWebServer.send(exchange, 200, "<title>ok</title>".getBytes(StandardCharsets.UTF_8));
          }
        });
  }

  private CrawledPage crawl(String path) {
    CrawlJob job =
        new CrawlJob("j", server.url("/"), List.of(server.url("/")), null, null, 10, 1, List.of(),
            List.of(), false, false, false, null, null, null);
    return crawler.crawl(new FrontierUrl("j", server.url(path), 0, null), job, Scope.of(job)).page();
  }

  @Test
  public void serverTroubleIsRetriedAndTheAttemptsRecorded() {
    flaky("/a", 2, 503, null);
    CrawledPage page = crawl("/a");
    assertTrue(page.isSuccess());
    assertEquals(3, page.fetchAttempts());
    assertEquals(3, server.count("/a"));
  }

  @Test
  public void retryAfterIsHonouredInSecondsAndAsADateButCapped() {
    flaky("/seconds", 1, 429, "1");
    flaky(
        "/date",
        1,
        429,
        DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(60).atZone(ZoneOffset.UTC)));
    for (String path : List.of("/seconds", "/date")) {
      CrawledPage page = crawl(path);
      assertTrue(page.isSuccess());
      assertEquals(2, page.fetchAttempts());
      List<TestWebServer.Request> requests =
          server.requests().stream().filter(r -> r.pathAndQuery().equals(path)).toList();
      Duration waited = Duration.between(requests.get(0).arrived(), requests.get(1).arrived());
      // Asked for 1 s and 60 s; both cut to the 300 ms cap, not less.
      assertTrue(path + " waited " + waited, waited.compareTo(MAX_WAIT.minusMillis(50)) >= 0);
      assertTrue(path + " waited " + waited, waited.compareTo(Duration.ofMillis(900)) < 0);
    }
  }

  @Test
  public void attemptsAreBoundedAndTheLastFailureKept() {
    flaky("/down", 10, 500, null);
    CrawledPage page = crawl("/down");
    assertEquals(FetchError.HTTP_ERROR, page.fetch().errorType());
    assertEquals(500, page.fetch().statusCode());
    assertEquals(3, page.fetchAttempts());
    assertEquals(3, server.count("/down"));
  }

  @Test
  public void aClientErrorIsNotRetried() {
    flaky("/gone", 10, 404, null);
    assertEquals(1, crawl("/gone").fetchAttempts());
    assertEquals(1, server.count("/gone"));
  }
}
