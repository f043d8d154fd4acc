package io.beamcrawl.crawl;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.RenderMode;
import io.beamcrawl.model.RenderRules;
import io.beamcrawl.model.ScreenshotMode;
import io.beamcrawl.render.RenderSettings;
import io.beamcrawl.render.ScreenshotFiles;
import io.beamcrawl.testing.ScriptSite;
import io.beamcrawl.testing.TestWebServer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Sites whose pages are built by script, crawled with a real headless Chromium. */
public class RenderedCrawlTest {

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private final TestWebServer server = TestWebServer.start("127.0.0.21");
  private final BlockingQueue<Handover> handovers = new LinkedBlockingQueue<>();
  private CrawlEngine engine;

  @After
  public void stop() {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  /** An app of a home page and six pages, every page built by script, links only in its data. */
  private void scriptSite() {
    ScriptSite.page(server, "/", "App home", "Welcome to the app built by script.", "/docs/1", "/docs/2", "/docs/3");
    for (int i = 1; i <= 3; i++) {
      ScriptSite.page(server, "/docs/" + i, "Doc " + i, "The text of document " + i + ", written by script.",
          "/docs/" + i + "/more");
      ScriptSite.page(server, "/docs/" + i + "/more", "More " + i, "More of document " + i + ".");
    }
  }

  private CrawlJob job(RenderMode mode) {
    return job(new RenderRules(mode, null, ScreenshotMode.NONE));
  }

  private CrawlJob job(RenderRules rules) {
    return new CrawlJob(
        "app", server.url("/"), List.of(server.url("/")), null, null, 20, 3, List.of(), List.of(),
        false, false, false, null, null, null).withRender(rules);
  }

  private SiteCrawler start(CrawlJob job, CrawlSettings settings) {
    engine = new CrawlEngine(settings);
    return engine.start(List.of(job), 0, handovers);
  }

  private static CrawlSettings rendering(String runId) {
    return TestCrawlSettings.of(runId, 4).withRender(RenderSettings.defaults(4), null);
  }

  /** The pages of the crawl by URL, in the order handed on. */
  private Map<String, CrawledPage> crawl(SiteCrawler crawler) throws InterruptedException {
    Map<String, CrawledPage> pages = new TreeMap<>();
    List<String> order = new ArrayList<>();
    while (true) {
      Handover item = handovers.poll(60, TimeUnit.SECONDS);
      assertNotNull("the crawl stalled", item);
      CrawledPage page = item.pageOrThrow();
      if (page == null) {
        return pages;
      }
      crawler.handedOver(1);
      order.add(page.entry().url());
      assertNull("a page handed on twice: " + page.entry().url(), pages.put(page.entry().url(), page));
    }
  }

  @Test
  public void withoutRenderingAScriptBuiltSiteIsOneEmptyPage() throws Exception {
    scriptSite();
    try (SiteCrawler crawler = start(job(RenderMode.NEVER), TestCrawlSettings.of("never", 4))) {
      Map<String, CrawledPage> pages = crawl(crawler);
      assertEquals(List.of(server.url("/")), List.copyOf(pages.keySet()));
      CrawledPage home = pages.get(server.url("/"));
      assertFalse(home.isRendered());
      assertNull(home.render());
      assertThat(home.links(), empty());
    }
  }

  @Test
  public void renderingAlwaysFindsAndFollowsTheLinksScriptsWrite() throws Exception {
    scriptSite();
    try (SiteCrawler crawler = start(job(RenderMode.ALWAYS), rendering("always"))) {
      Map<String, CrawledPage> pages = crawl(crawler);
      assertEquals(7, pages.size());
      CrawledPage doc = pages.get(server.url("/docs/2"));
      assertTrue(doc.isRendered());
      assertEquals("always", doc.render().reason());
      assertEquals("Doc 2", doc.parsed().title());
      assertThat(doc.parsed().markdown(), containsString("The text of document 2, written by script."));
      // The status and headers stay those of the page's own response, fetched once.
      assertEquals(200, doc.fetch().statusCode());
      assertEquals(1, server.count("/docs/2"));
    }
  }

  @Test
  public void renderingWhenNeededRendersTheScriptPagesAndNotTheStaticOnes() throws Exception {
    ScriptSite.page(server, "/app", "App", "Written by script, once the page had loaded its data.", "/app/next");
    ScriptSite.page(server, "/app/next", "Next", "Also written by script.");
    StringBuilder article = new StringBuilder("<html><head><title>Static</title>"
        + "<script src=\"/analytics.js\"></script></head><body><nav><a href=\"/app\">App</a>"
        + "<a href=\"/static2\">More</a></nav><article><h1>A static article</h1>");
    for (int i = 0; i < 8; i++) {
      article.append("<p>Paragraph " + i + " was written by the server, and every reader sees it"
          + " without a script: it is part " + i + " of the page's content.</p>");
    }
    server.page("/", article + "</article></body></html>");
    server.page("/static2", article + "</article></body></html>");
    server.file("/analytics.js", "text/javascript", "window.seen = true;".getBytes());
    try (SiteCrawler crawler = start(job(RenderMode.AUTO), rendering("auto"))) {
      Map<String, CrawledPage> pages = crawl(crawler);
      assertEquals(4, pages.size());
      assertFalse(pages.get(server.url("/")).render().reason(), pages.get(server.url("/")).isRendered());
      assertEquals("static_page", pages.get(server.url("/")).render().reason());
      assertFalse(pages.get(server.url("/static2")).isRendered());
      CrawledPage app = pages.get(server.url("/app"));
      assertTrue(app.isRendered());
      assertEquals("noscript_asks_for_javascript", app.render().reason());
      assertThat(app.parsed().markdown(), containsString("Written by script, once the page had loaded its data."));
      // Found only in the rendered page's script-written links.
      assertTrue(pages.get(server.url("/app/next")).isRendered());
    }
    assertEquals(0, server.count("/analytics.js"));
  }

  /** Text written a while after the load, with no request: only waiting for it finds it. */
  private void lateText() {
    server.page("/", "<html><head><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
        + "<img src=\"/photo.png\"><div id=\"out\"></div><script>setTimeout(() => {"
        + " const p = document.createElement('p'); p.className = 'late';"
        + " p.textContent = 'Written after a pause, with no request.';"
        + " document.getElementById('out').appendChild(p); }, 800);</script></body></html>");
    server.file("/style.css", "text/css", "p { color: #333 }".getBytes());
    server.file("/photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
  }

  @Test
  public void waitForASelectorOrATimeFindsWhatTheIdleNetworkMisses() throws Exception {
    lateText();
    for (String waitFor : new String[] {null, "p.late", "1200"}) {
      handovers.clear();
      try (SiteCrawler crawler =
          start(job(new RenderRules(RenderMode.ALWAYS, waitFor, ScreenshotMode.NONE)), rendering("wait-" + waitFor))) {
        CrawledPage home = crawl(crawler).get(server.url("/"));
        assertTrue(home.isRendered());
        assertEquals(String.valueOf(waitFor), waitFor != null,
            home.parsed().markdown().contains("Written after a pause"));
      }
      engine.close();
      engine = null;
    }
    // Images are not given to the browser; the stylesheet is.
    assertEquals(0, server.count("/photo.png"));
    assertTrue(server.count("/style.css") >= 1);
  }

  @Test
  public void theAddressGuardRefusesWhatAPageScriptAsksOfAPrivateAddress() throws Exception {
    try (TestWebServer target = TestWebServer.start("127.0.0.1")) {
      target.page("/secret", "<p>internal</p>");
      server.page("/", "<html><head><title>Reaching in</title></head><body><div id=\"out\"></div><script>"
          + "Promise.allSettled([fetch('" + target.url("/secret") + "'),"
          + " fetch('http://169.254.169.254/latest/meta-data/')]).then(r =>"
          + " document.getElementById('out').textContent = r.map(x => x.status).join(' '));"
          + "</script></body></html>");
      FetchSettings guarded =
          new FetchSettings("testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(2), 5, 500_000,
              new AddressGuard(false, List.of("127.0.0.21/32")));
      CrawlSettings base = TestCrawlSettings.of("guard", 4);
      CrawlSettings settings =
          new CrawlSettings(base.runId(), guarded, 4, base.maxCrawlDelay(), 1, base.fetchBackoff(),
              base.trapRules(), 5, base.markdown(), 8, 16, base.relevanceModel(), null, 1, null, null,
              RenderSettings.defaults(2), null);
      try (SiteCrawler crawler = start(job(RenderMode.ALWAYS), settings)) {
        CrawledPage home = crawl(crawler).get(server.url("/"));
        assertTrue(home.isRendered());
        assertThat(home.parsed().html(), containsString("rejected rejected"));
      }
      assertEquals(List.of(), target.requestedPaths());
    }
  }

  @Test
  public void aPageThatNeverSettlesFailsWithTheRenderTimeout() throws Exception {
    server.page("/", "<html><body><p id=\"n\">0</p><script>"
        + "setInterval(() => fetch('/tick').then(r => r.text()).then(t => n.textContent = t), 100);"
        + "</script></body></html>");
    server.page("/tick", "1");
    CrawlSettings settings =
        TestCrawlSettings.of("timeout", 4)
            .withRender(RenderSettings.defaults(2).withTimeout(Duration.ofSeconds(2)), null);
    try (SiteCrawler crawler = start(job(RenderMode.ALWAYS), settings)) {
      CrawledPage home = crawl(crawler).get(server.url("/"));
      assertFalse(home.isRendered());
      assertFalse(home.isSuccess());
      assertEquals(FetchError.RENDER_TIMEOUT, home.fetch().errorType());
      assertThat(home.fetch().errorMessage(), containsString("never idle"));
      assertEquals(200, home.fetch().statusCode());
    }
    assertTrue(server.count("/tick") > 3);
  }

  @Test
  public void aBrowserKilledMidCrawlIsStartedAgainAndEveryPageHandedOnOnce() throws Exception {
    scriptSite();
    // Slow data, so renders are under way when the browser is killed.
    server.setResponseDelay(Duration.ofMillis(150));
    try (SiteCrawler crawler = start(job(RenderMode.ALWAYS), rendering("killed"))) {
      Map<String, CrawledPage> pages = new TreeMap<>();
      boolean killed = false;
      while (true) {
        Handover item = handovers.poll(60, TimeUnit.SECONDS);
        assertNotNull("the crawl stalled", item);
        CrawledPage page = item.pageOrThrow();
        if (page == null) {
          break;
        }
        crawler.handedOver(1);
        assertNull(pages.put(page.entry().url(), page));
        if (!killed) {
          long[] pid = {-1};
          CrawlEngine.ifBrowser("killed", pool -> pid[0] = pool.browserPid());
          ProcessHandle.of(pid[0]).ifPresent(ProcessHandle::destroyForcibly);
          killed = true;
        }
      }
      assertEquals(7, pages.size());
      pages.values().forEach(page -> assertTrue(page.entry().url(), page.isRendered()));
      int[] restarts = {0};
      CrawlEngine.ifBrowser("killed", pool -> restarts[0] = pool.restarts());
      assertEquals(1, restarts[0]);
    }
  }

  @Test
  public void screenshotsAreThePagesPngsAtTheirSize() throws Exception {
    server.page("/", "<html><body style=\"margin:0\"><div style=\"height:2000px;background:#38c\">"
        + "<a href=\"/short\">short</a></div></body></html>");
    server.page("/short", "<html><body style=\"margin:0\"><p>A short page.</p></body></html>");
    Path shots = folder.newFolder("staged").toPath();
    CrawlSettings settings =
        TestCrawlSettings.of("shots", 4)
            .withRender(RenderSettings.defaults(2), new ScreenshotFiles(shots.toString(), "screenshots/crawl=shots"));
    try (SiteCrawler crawler = start(job(new RenderRules(RenderMode.ALWAYS, null, ScreenshotMode.FULL_PAGE)), settings)) {
      Map<String, CrawledPage> pages = crawl(crawler);
      BufferedImage tall = png(shots, pages.get(server.url("/")));
      assertEquals(1280, tall.getWidth());
      assertEquals(2000, tall.getHeight());
      // A page shorter than the window is shot at the window's height.
      BufferedImage small = png(shots, pages.get(server.url("/short")));
      assertEquals(800, small.getHeight());
    }
  }

  private static BufferedImage png(Path dir, CrawledPage page) throws Exception {
    String url = page.render().screenshotUrl();
    assertTrue(url, url.startsWith("screenshots/crawl=shots/"));
    Path file = dir.resolve(url.substring("screenshots/crawl=shots/".length()));
    byte[] bytes = Files.readAllBytes(file);
    assertEquals((byte) 0x89, bytes[0]);
    assertEquals('P', bytes[1]);
    return ImageIO.read(file.toFile());
  }
}
