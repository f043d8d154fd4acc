package io.beamcrawl.crawl;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import io.beamcrawl.fetch.FetchResult;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The URLs a site's sitemaps list: those its robots.txt names in Sitemap lines, and {@code
 * /sitemap.xml} at the base URL's origin; sitemap indexes are followed and gzipped sitemaps read
 * (crawler-commons' {@code SiteMapParser}). A sitemap that cannot be fetched or read is passed
 * over: a site without sitemaps is crawled as before. Bounded, so a site cannot list without end.
 */
final class Sitemaps {

  /** One URL a sitemap lists, and when it says the page last changed (epoch millis), or null. */
  record Entry(String url, Long lastModified, String sitemapUrl) {}

  /** Sitemap files read at most per job. */
  static final int MAX_SITEMAPS = 50;
  /** URLs taken at most per job: the protocol's limit for one sitemap. */
  static final int MAX_URLS = 50_000;

  private Sitemaps() {}

  /**
   * @param robotsSitemaps the Sitemap lines of the base URL's robots.txt
   * @param fetch fetches a sitemap URL
   */
  static List<Entry> of(
      String baseUrl, List<String> robotsSitemaps, Function<String, FetchResult> fetch) {
    Set<String> files = new LinkedHashSet<>(robotsSitemaps);
    files.add(URI.create(baseUrl).resolve("/sitemap.xml").toString());
    Deque<String> toRead = new ArrayDeque<>(files);
    SiteMapParser parser = new SiteMapParser(false); // URLs need not sit below the sitemap's path
    List<Entry> entries = new ArrayList<>();
    int read = 0;
    while (!toRead.isEmpty() && read < MAX_SITEMAPS && entries.size() < MAX_URLS) {
      String location = toRead.poll();
      read++;
      FetchResult fetched = fetch.apply(location);
      if (!fetched.isSuccess() || fetched.body() == null) {
        continue;
      }
      AbstractSiteMap sitemap;
      try {
        sitemap = parser.parseSiteMap(fetched.contentType(), fetched.body(), new URL(fetched.finalUrl()));
      } catch (UnknownFormatException | IOException | IllegalArgumentException e) {
        continue; // not a sitemap after all
      }
      if (sitemap instanceof SiteMapIndex index) {
        for (AbstractSiteMap child : index.getSitemaps()) {
          if (files.add(child.getUrl().toString())) {
            toRead.add(child.getUrl().toString());
          }
        }
      } else if (sitemap instanceof SiteMap list) {
        for (SiteMapURL url : list.getSiteMapUrls()) {
          if (entries.size() >= MAX_URLS) {
            break;
          }
          entries.add(new Entry(url.getUrl().toString(),
              url.getLastModified() == null ? null : url.getLastModified().getTime(), location));
        }
      }
    }
    return entries;
  }
}
