package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A site whose robots.txt names a sitemap index, which points at a gzipped sitemap of pages no
 * page links to: include finds them within the budget, only fetches nothing else, skip none.
 */
public class SitemapTest {

  private static final List<String> HIDDEN = List.of("/hidden-1", "/hidden-2", "/hidden-3");
  private static final String LASTMOD = "2026-11-20T08:30:00Z";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void includeFindsTheListedPagesBesideTheLinkedOnes() throws Exception {
    try (TestSite site = site()) {
      Path output = crawl(site, "include", 10);
      assertEquals(List.of("/", "/a", "/hidden-1", "/hidden-2", "/hidden-3"), fetchedPaths(site));
      Map<String, Instant> lastmod = lastModified(output);
      for (String path : HIDDEN) {
        assertEquals(path, Instant.parse(LASTMOD), lastmod.get(path));
      }
      assertNull(lastmod.get("/a"));
      try (ResultSet job = Lake.query(
          "SELECT urls_discovered, pages_crawled FROM " + Lake.table(output, "jobs"))) {
        job.next();
        assertEquals("the sitemap's URLs are discovered URLs too", 5, job.getLong(1));
        assertEquals(5, job.getLong(2));
      }
    }
  }

  @Test
  public void includeKeepsTheBudgetExact() throws Exception {
    try (TestSite site = site()) {
      Path output = crawl(site, "include", 3);
      assertEquals(3, fetchedPaths(site).size());
      try (ResultSet job = Lake.query(
          "SELECT pages_crawled, urls_over_budget, urls_discovered FROM " + Lake.table(output, "jobs"))) {
        job.next();
        assertEquals(3, job.getLong(1));
        assertEquals(2, job.getLong(2));
        assertEquals(5, job.getLong(3));
      }
    }
  }

  @Test
  public void onlyFetchesTheListedPagesAndNothingElse() throws Exception {
    try (TestSite site = site()) {
      crawl(site, "only", 10);
      assertEquals(HIDDEN, fetchedPaths(site));
    }
  }

  @Test
  public void skipReadsNoSitemap() throws Exception {
    try (TestSite site = site()) {
      crawl(site, "skip", 10);
      assertEquals(List.of("/", "/a"), fetchedPaths(site));
      assertEquals(0, site.server.count("/sitemap-index.xml") + site.server.count("/sitemap.xml"));
    }
  }

  private TestSite site() throws IOException {
    TestSite site = new TestSite("127.0.0.24");
    site.page("/", "/a");
    site.page("/a", "/");
    HIDDEN.forEach(site::page);
    site.robots("User-agent: *\nAllow: /\nSitemap: " + site.url("/sitemap-index.xml") + "\n");
    site.server.file("/sitemap-index.xml", "application/xml", (
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            + "<sitemap><loc>" + site.url("/sitemaps/pages.xml.gz") + "</loc></sitemap>"
            + "</sitemapindex>").getBytes(StandardCharsets.UTF_8));
    StringBuilder urls = new StringBuilder(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for (String path : HIDDEN) {
      urls.append("<url><loc>").append(site.url(path)).append("</loc><lastmod>").append(LASTMOD)
          .append("</lastmod></url>");
    }
    site.server.file("/sitemaps/pages.xml.gz", "application/gzip",
        gzip(urls.append("</urlset>").toString().getBytes(StandardCharsets.UTF_8)));
    return site;
  }

  private Path crawl(TestSite site, String sitemap, int maxPages) throws IOException {
    Path output = tmp.newFolder().toPath();
    Cli cli = Cli.run(site.url("/"), "--output=" + output, "--allowPrivateNetworks",
        "--sitemap=" + sitemap, "--maxPages=" + maxPages);
    assertEquals(cli.console(), 0, cli.exitCode());
    return output;
  }

  /** The pages the server was asked for, robots.txt and sitemaps aside, in order of path. */
  private static List<String> fetchedPaths(TestSite site) {
    return site.server.requestedPaths().stream()
        .filter(p -> !p.equals("/robots.txt") && !p.contains("sitemap"))
        .sorted()
        .toList();
  }

  private static Map<String, Instant> lastModified(Path output) throws Exception {
    Map<String, Instant> lastmod = new TreeMap<>();
    try (ResultSet row = Lake.query(
        "SELECT url_path, sitemap_lastmod FROM " + Lake.table(output, "pages"))) {
      while (row.next()) {
        java.sql.Timestamp at = row.getTimestamp(2, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
        lastmod.put(row.getString(1), at == null ? null : at.toInstant());
      }
    }
    return lastmod;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
