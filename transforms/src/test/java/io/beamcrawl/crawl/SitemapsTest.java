package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;

import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SitemapsTest {

  private final Map<String, String> served = new HashMap<>();
  private final List<String> asked = new ArrayList<>();

  private FetchResult fetch(String url) {
    asked.add(url);
    String body = served.get(url);
    if (body == null) {
      return FetchResult.notFetched(url, FetchError.HTTP_ERROR, "HTTP 404");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new FetchResult(url, url, List.of(), "GET", 200, List.of(), List.of(), List.of(), null,
        null, 0, 0, bytes, bytes.length, false, "application/xml", null, null, null);
  }

  private static String urlset(String... locs) {
    StringBuilder xml = new StringBuilder(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for (String loc : locs) {
      xml.append("<url><loc>").append(loc).append("</loc></url>");
    }
    return xml.append("</urlset>").toString();
  }

  @Test
  public void robotsSitemapsAndTheDefaultOneAreReadIndexesFollowedOnce() {
    served.put("https://s.test/from-robots.xml", urlset("https://s.test/a"));
    served.put("https://s.test/sitemap.xml",
        "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            + "<sitemap><loc>https://s.test/part.xml</loc></sitemap>"
            + "<sitemap><loc>https://s.test/from-robots.xml</loc></sitemap></sitemapindex>");
    served.put("https://s.test/part.xml", urlset("https://s.test/b", "https://s.test/c"));

    List<Sitemaps.Entry> entries =
        Sitemaps.of("https://s.test/docs/", List.of("https://s.test/from-robots.xml"), this::fetch);

    assertEquals(List.of("https://s.test/a", "https://s.test/b", "https://s.test/c"),
        entries.stream().map(Sitemaps.Entry::url).toList());
    assertEquals("https://s.test/part.xml", entries.get(1).sitemapUrl());
    assertEquals("each file once, the index's repeat of a known one not again",
        List.of("https://s.test/from-robots.xml", "https://s.test/sitemap.xml", "https://s.test/part.xml"),
        asked);
  }

  @Test
  public void whatIsNoSitemapIsPassedOver() {
    served.put("https://s.test/sitemap.xml", "<html><body>not a sitemap</body></html>");
    assertEquals(List.of(), Sitemaps.of("https://s.test/", List.of("https://s.test/gone.xml"), this::fetch));
  }

  @Test
  public void anIndexWithoutEndIsCutAtTheLimitOfFiles() {
    // Each index names the next: a chain longer than the limit.
    for (int i = 0; i < Sitemaps.MAX_SITEMAPS + 10; i++) {
      String self = i == 0 ? "https://s.test/sitemap.xml" : "https://s.test/i" + i + ".xml";
      served.put(self,
          "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
              + "<sitemap><loc>https://s.test/i" + (i + 1) + ".xml</loc></sitemap></sitemapindex>");
    }
    Sitemaps.of("https://s.test/", List.of(), this::fetch);
    assertEquals(Sitemaps.MAX_SITEMAPS, asked.size());
  }
}
