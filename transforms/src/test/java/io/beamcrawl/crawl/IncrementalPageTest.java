package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import io.beamcrawl.model.ChangeStatus;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.EarlierPage;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.model.PageLink;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.testing.TestWebServer;
import io.beamcrawl.util.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/** One page of an incremental crawl against a loopback server that answers conditional requests. */
public class IncrementalPageTest {

  private static final String HTML =
      "<html><head><title>Same</title></head><body><p>Text that stays.</p><a href=\"/next\">next</a></body></html>";
  private static final String ETAG = "\"v1\"";
  private static final String DATE = "Mon, 02 Nov 2026 10:00:00 GMT";

  private final TestWebServer server = TestWebServer.start("127.0.0.1");
  private final HttpFetcher fetcher =
      new HttpFetcher(
          new FetchSettings("testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(1), 5, 500_000, AddressGuard.OFF));
  private final PageCrawler crawler =
      new PageCrawler(
          fetcher, new RobotsCache(fetcher, "testbot"), 1,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), MarkdownMode.MAIN);

  @After
  public void stop() {
    server.close();
  }

  /** Serves {@link #HTML} with an ETag, answering 304 to a request that has it. */
  private void validated(String path) {
    server.handler(path, exchange -> {
      exchange.getResponseHeaders().set("ETag", ETAG);
      if (ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        TestWebServer.send(exchange, 304, new byte[0]);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      TestWebServer.send(exchange, 200, HTML.getBytes(StandardCharsets.UTF_8));
    });
  }

  /** The earlier crawl's successes by URL, for the pages crawled incrementally. */
  private final Map<String, EarlierPage> earlier = new HashMap<>();

  private CrawlJob job(boolean incremental) {
    CrawlJob job =
        new CrawlJob("j", server.url("/"), List.of(server.url("/")), null, null, 10, 2, List.of(),
            List.of(), false, false, false, null, null, null);
    return incremental ? job.withEarlierCrawl("run-1") : job;
  }

  /** The earlier crawl's success at {@code path}, as a first crawl of {@link #HTML} stored it. */
  private EarlierPage earlier(String path, String etag, List<PageLink> links) {
    CrawlJob full = job(false);
    server.file("/first", "text/html", HTML.getBytes(StandardCharsets.UTF_8));
    CrawledPage first =
        crawler.crawl(new FrontierUrl("j", server.url("/first"), 0, null), full, Scope.of(full)).page();
    EarlierPage page = new EarlierPage(server.url(path), 0, null, etag, DATE, first.contentDigest(),
        links, "Same", "Text that stays.");
    earlier.put(page.url(), page);
    return page;
  }

  private PageCrawler.Outcome crawl(CrawlJob job, String path) {
    String url = server.url(path);
    return crawler.crawl(new FrontierUrl("j", url, 0, null), job, Scope.of(job), earlier.get(url));
  }

  @Test
  public void aNotModifiedAnswerIsUnchangedAndFollowsTheStoredLinks() {
    validated("/p");
    List<PageLink> stored = List.of(new PageLink(server.url("/next"), "next", "Heading"));
    EarlierPage before = earlier("/p", ETAG, stored);
    PageCrawler.Outcome outcome = crawl(job(true), "/p");

    CrawledPage page = outcome.page();
    assertEquals(304, page.fetch().statusCode());
    assertNull(page.fetch().errorType());
    assertEquals(ChangeStatus.UNCHANGED, page.change());
    assertEquals("run-1", page.earlierRunId());
    assertEquals(before.contentDigest(), page.contentDigest());
    assertNull("its content is carried over, not parsed", page.parsed());
    assertEquals(1, outcome.outlinks().size());
    Candidate next = outcome.outlinks().get(0);
    assertEquals(server.url("/next"), next.link().url());
    assertEquals(1, next.link().depth());
    assertEquals("next", next.anchorText());
    TestWebServer.Request request = server.requests().get(server.requests().size() - 1);
    assertEquals(ETAG, request.headers().getFirst("If-None-Match"));
    assertEquals(DATE, request.headers().getFirst("If-Modified-Since"));
  }

  @Test
  public void theSameBytesAreUnchangedAndOtherBytesChanged() {
    server.file("/same", "text/html", HTML.getBytes(StandardCharsets.UTF_8));
    server.file("/other", "text/html", HTML.replace("stays", "moved").getBytes(StandardCharsets.UTF_8));
    earlier("/same", null, List.of());
    earlier("/other", null, List.of());
    CrawlJob job = job(true);
    server.clearLog();

    PageCrawler.Outcome same = crawl(job, "/same");
    assertEquals(ChangeStatus.UNCHANGED, same.page().change());
    assertNull(same.page().parsed());
    assertEquals("the body's links are followed", 1, same.outlinks().size());
    assertEquals(ChangeStatus.CHANGED, crawl(job, "/other").page().change());
    assertTrue(
        "a Last-Modified alone is sent",
        server.requests().stream().allMatch(r -> DATE.equals(r.headers().getFirst("If-Modified-Since"))
            && !r.headers().containsKey("If-None-Match")));
  }

  @Test
  public void aDeletedPageIsGoneAnotherErrorChangedAndAnUnknownUrlNew() {
    server.status("/forbidden", 403);
    validated("/known");
    earlier("/deleted", ETAG, List.of());
    earlier("/forbidden", ETAG, List.of());
    CrawlJob job = job(true);

    PageCrawler.Outcome deleted = crawl(job, "/deleted");
    assertEquals(FetchError.HTTP_ERROR, deleted.page().fetch().errorType());
    assertEquals(ChangeStatus.GONE, deleted.page().change());
    assertEquals(ChangeStatus.CHANGED, crawl(job, "/forbidden").page().change());
    PageCrawler.Outcome fresh = crawl(job, "/known");
    assertEquals(ChangeStatus.NEW, fresh.page().change());
    assertFalse("no validator was sent for it", server.requests().stream()
        .filter(r -> r.pathAndQuery().equals("/known"))
        .anyMatch(r -> r.headers().containsKey("If-None-Match")));
    assertEquals(200, fresh.page().fetch().statusCode());
  }

  @Test
  public void aFullCrawlComparesNothingAndA304WithoutValidatorsIsAnError() {
    server.handler("/always-304", exchange -> TestWebServer.send(exchange, 304, new byte[0]));
    validated("/p");
    CrawledPage page = crawl(job(false), "/p").page();
    assertNull(page.change());
    assertNull(page.earlierRunId());
    assertEquals(List.of(new PageLink(server.url("/next"), "next", "")), page.links());
    CrawledPage unasked = crawl(job(false), "/always-304").page();
    assertEquals(FetchError.HTTP_ERROR, unasked.fetch().errorType());
  }

  @Test
  public void anEarlierPageWithoutStoredLinksIsAskedWithoutValidators() {
    validated("/p");
    earlier("/p", ETAG, null);
    server.clearLog();
    PageCrawler.Outcome outcome = crawl(job(true), "/p");
    assertEquals(200, outcome.page().fetch().statusCode());
    assertEquals("compared by digest", ChangeStatus.UNCHANGED, outcome.page().change());
    assertFalse(server.requests().get(0).headers().containsKey("If-None-Match"));
  }
}
