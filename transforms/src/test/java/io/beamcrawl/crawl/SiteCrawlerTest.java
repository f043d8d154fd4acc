package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.testing.TestWebServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/** A site crawled by {@link SiteCrawler} alone, without Beam, on a loopback server. */
public class SiteCrawlerTest {

  private static final int LINKS = 30;

  private final TestWebServer server = TestWebServer.start("127.0.0.10");

  private CrawlEngine engine;
  private final BlockingQueue<Handover> handovers = new LinkedBlockingQueue<>();

  @After
  public void stop() {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  /** A home page linking to /p00../p29, each linking back home and to the next one. */
  private void site() {
    StringBuilder home = new StringBuilder("<html><body>");
    for (int i = 0; i < LINKS; i++) {
      home.append(String.format("<a href=\"/p%02d\">%d</a>", i, i));
      server.page(
          String.format("/p%02d", i),
          String.format("<html><body><a href=\"/\">home</a><a href=\"/q%02d\">next</a></body></html>", i));
    }
    server.page("/", home.append("</body></html>").toString());
    server.setResponseDelay(Duration.ofMillis(20));
  }

  private CrawlJob job(String id, int maxPages) {
    return new CrawlJob(
        id, server.url("/"), List.of(server.url("/")), null, null, maxPages, 3, List.of(),
        List.of(), false, false, false, null, null, null);
  }

  /** Crawls the jobs to the end; the pages each job got, by URL, in the order handed on. */
  private Map<String, List<String>> crawlInOrder(SiteCrawler crawler) throws InterruptedException {
    Map<String, List<String>> urls = new TreeMap<>();
    while (true) {
      Handover item = handovers.poll(10, TimeUnit.SECONDS);
      assertNotNull("the crawl stalled", item);
      CrawledPage page = item.pageOrThrow();
      if (page == null) {
        return urls;
      }
      crawler.handedOver(1);
      urls.computeIfAbsent(page.entry().jobId(), id -> new ArrayList<>()).add(page.entry().url());
    }
  }

  /** Crawls the jobs to the end; the pages each job got, by URL. */
  private Map<String, List<String>> crawl(SiteCrawler crawler) throws InterruptedException {
    Map<String, List<String>> urls = crawlInOrder(crawler);
    urls.values().forEach(list -> list.sort(String::compareTo));
    return urls;
  }

  private SiteCrawler start(List<CrawlJob> jobs, int perHostConcurrency) {
    engine = new CrawlEngine(TestCrawlSettings.of("site-crawler-test", perHostConcurrency));
    return engine.start(jobs, 0, handovers);
  }

  @Test
  public void eachJobGetsExactlyItsBudgetShallowestAndSmallestUrlsFirst() throws Exception {
    site();
    try (SiteCrawler crawler = start(List.of(job("small", 5), job("large", 40)), 3)) {
      Map<String, List<String>> got = crawl(crawler);

      assertEquals(
          List.of(server.url("/"), server.url("/p00"), server.url("/p01"), server.url("/p02"),
              server.url("/p03")),
          got.get("small"));
      // The home page, its 30 links, then 9 of the 30 pages one deeper, in URL order.
      List<String> large = got.get("large");
      assertEquals(40, large.size());
      assertTrue(large.contains(server.url("/q08")));
      assertFalse(large.contains(server.url("/q09")));

      UrlCounts small = crawler.urlCounts().get("small");
      assertEquals(5, small.scheduled());
      // 26 of the home page's links, then the 4 links one deeper that the fetched pages offer.
      assertEquals(LINKS - 4 + 4, small.overBudget());
      UrlCounts largeCounts = crawler.urlCounts().get("large");
      assertEquals(40, largeCounts.scheduled());
      assertEquals(LINKS - 9, largeCounts.overBudget());
    }
    // Both jobs share the host's politeness: never more than 3 requests at once.
    assertTrue(server.maxConcurrentRequests() <= 3);
    assertEquals(2, server.count("/p00"));
  }

  /**
   * The first link answers slowly: the pages after it wait for it, in the site's order, and the
   * crawl goes on once it is in, however far the others had got.
   */
  @Test
  public void pagesAreHandedOnInTheSitesOrderWhateverOrderTheyFinishIn() throws Exception {
    site();
    server.setResponseDelay(Duration.ZERO);
    server.handler(
        "/p00",
        exchange -> {
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          TestWebServer.send(
              exchange, 200, "<html><body>slow</body></html>".getBytes(StandardCharsets.UTF_8));
        });
    List<String> inOrder;
    try (SiteCrawler crawler = start(List.of(job("ordered", 31)), 2)) {
      inOrder = crawlInOrder(crawler).get("ordered");
    }
    List<String> expected = new ArrayList<>(List.of(server.url("/")));
    for (int i = 0; i < LINKS; i++) {
      expected.add(server.url(String.format("/p%02d", i)));
    }
    assertEquals(expected, inOrder);
  }

  /**
   * The sitemap is read beside the first depth, not before it: the seeds are asked for while the
   * sitemap is still being answered, within the host's limit with the sitemap's request, and the
   * sitemap's URLs and dates still come in the order and with the dates a crawl that waited for
   * them would give.
   */
  @Test
  public void theFirstPageIsAskedForBeforeTheSitemapAnswers() throws Exception {
    server.page("/robots.txt", "User-agent: *\nAllow: /\nSitemap: " + server.url("/sitemap.xml") + "\n");
    server.page("/", "<html><body><a href=\"/linked\">linked</a></body></html>");
    server.page("/linked", "<html><body>linked</body></html>");
    server.page("/second", "<html><body>a second seed</body></html>");
    server.setResponseDelay(Duration.ofMillis(100));
    server.page("/listed", "<html><body>only in the sitemap</body></html>");
    java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
    server.handler("/sitemap.xml", exchange -> {
      try {
        Thread.sleep(600);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answered.set(System.currentTimeMillis());
      exchange.getResponseHeaders().set("Content-Type", "application/xml");
      TestWebServer.send(exchange, 200, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
          + "<url><loc>" + server.url("/") + "</loc><lastmod>2026-11-30</lastmod></url>"
          + "<url><loc>" + server.url("/listed") + "</loc></url></urlset>").getBytes(StandardCharsets.UTF_8));
    });
    CrawlJob job =
        new CrawlJob("mapped", server.url("/"), List.of(server.url("/"), server.url("/second")), null,
            null, 10, 3, List.of(), List.of(), false, false, false, null, null, null)
            .withSitemap(io.beamcrawl.model.SitemapMode.INCLUDE);
    List<CrawledPage> pages = new ArrayList<>();
    try (SiteCrawler crawler = start(List.of(job), 2)) {
      while (true) {
        Handover item = handovers.poll(10, TimeUnit.SECONDS);
        assertNotNull("the crawl stalled", item);
        CrawledPage page = item.pageOrThrow();
        if (page == null) {
          break;
        }
        crawler.handedOver(1);
        pages.add(page);
      }
    }
    TestWebServer.Request home =
        server.requests().stream().filter(r -> r.pathAndQuery().equals("/")).findFirst().orElseThrow();
    assertTrue("the seed waited for the sitemap", home.arrived().toEpochMilli() < answered.get());
    assertEquals(
        List.of(server.url("/"), server.url("/second"), server.url("/linked"), server.url("/listed")),
        pages.stream().map(page -> page.entry().url()).toList());
    assertEquals(2, server.maxConcurrentRequests());
    assertEquals(java.time.LocalDate.of(2026, 11, 30).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli(),
        (long) pages.get(0).sitemapLastModified());
  }

  /**
   * Many sites whose sitemaps answer as fast as their pages, crawled at once and again: every
   * site gets its whole budget, however the sitemaps' arrival and the first depth's set-up
   * interleave.
   */
  @Test
  public void sitemapsArrivingAnyTimeNeverCutASiteShort() throws Exception {
    List<TestWebServer> sites = new ArrayList<>();
    try {
      List<CrawlJob> jobs = new ArrayList<>();
      for (int i = 1; i <= 12; i++) {
        TestWebServer site = TestWebServer.start("127.0.1." + i);
        sites.add(site);
        site.page("/robots.txt", "User-agent: *\nSitemap: " + site.url("/sitemap.xml") + "\n");
        site.file("/sitemap.xml", "application/xml", ("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            + "<url><loc>" + site.url("/listed") + "</loc></url></urlset>").getBytes(StandardCharsets.UTF_8));
        StringBuilder home = new StringBuilder("<html><body>");
        for (int p = 0; p < 5; p++) {
          home.append("<a href=\"/p").append(p).append("\">").append(p).append("</a>");
          site.page("/p" + p, "<html><body>page</body></html>");
        }
        site.page("/", home.append("</body></html>").toString());
        site.page("/listed", "<html><body>listed</body></html>");
        jobs.add(new CrawlJob("site" + i, site.url("/"), List.of(site.url("/")), null, null, 20, 2,
            List.of(), List.of(), false, false, false, null, null, null)
            .withSitemap(io.beamcrawl.model.SitemapMode.INCLUDE));
      }
      for (int round = 0; round < 5; round++) {
        engine = new CrawlEngine(TestCrawlSettings.of("sitemaps-any-time-" + round, 2));
        List<SiteCrawler> crawlers = new ArrayList<>();
        jobs.forEach(job -> crawlers.add(engine.start(List.of(job), 0, handovers)));
        Map<String, Integer> pages = new TreeMap<>();
        for (int ended = 0; ended < crawlers.size(); ) {
          Handover item = handovers.poll(10, TimeUnit.SECONDS);
          assertNotNull("the crawl stalled", item);
          CrawledPage page = item.pageOrThrow();
          if (page == null) {
            ended++;
            continue;
          }
          item.site().handedOver(1);
          pages.merge(page.entry().jobId(), 1, Integer::sum);
        }
        for (CrawlJob job : jobs) {
          assertEquals("round " + round + ", " + job.id(), Integer.valueOf(7), pages.get(job.id()));
        }
        crawlers.forEach(SiteCrawler::close);
        engine.close();
        engine = null;
      }
    } finally {
      sites.forEach(TestWebServer::close);
    }
  }

  @Test
  public void oneRequestAtATimeWhenThatIsTheLimit() throws Exception {
    site();
    try (SiteCrawler crawler = start(List.of(job("one", 12)), 1)) {
      assertEquals(12, crawl(crawler).get("one").size());
    }
    assertEquals(1, server.maxConcurrentRequests());
  }
}
