package io.beamcrawl.crawl;

import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.HopCheck;
import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.parse.ContentTypes;
import io.beamcrawl.parse.HtmlParser;
import io.beamcrawl.parse.Link;
import io.beamcrawl.parse.ParsedPage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Crawls one URL of one job: fetches it (each redirect hop checked against the job's hosts and
 * robots.txt), parses it when it is HTML, and lists the links to follow. Plain Java, so it is
 * tested without Beam; {@link FetchPages} runs it per host.
 */
public final class PageCrawler {

  /** The page, the links it offers the next round, and the URLs its redirects went through. */
  public record Outcome(CrawledPage page, List<FrontierUrl> outlinks, List<String> redirects) {}

  private final HttpFetcher fetcher;
  private final RobotsCache robots;
  private final UrlNormalizer normalizer = new UrlNormalizer();

  public PageCrawler(HttpFetcher fetcher, RobotsCache robots) {
    this.fetcher = fetcher;
    this.robots = robots;
  }

  public Outcome crawl(FrontierUrl entry, CrawlJob job, Scope scope) {
    HopCheck hops =
        url -> {
          if (!scope.hostInScope(UrlParts.host(url))) {
            return "out_of_scope";
          }
          return robots.isAllowed(url) ? null : "disallowed_by_robots";
        };
    FetchResult fetch = fetcher.fetch(entry.url(), hops);
    String detected = fetch.body() == null ? null : ContentTypes.detect(fetch.body(), fetch.finalUrl());
    ParsedPage parsed = null;
    List<FrontierUrl> outlinks = List.of();
    int outlinksCount = 0;
    if (fetch.isSuccess() && ContentTypes.isHtml(fetch.contentType(), detected)) {
      parsed = HtmlParser.parse(fetch.body(), fetch.headerCharset(), fetch.finalUrl());
      Set<String> all = new LinkedHashSet<>();
      Set<String> followable = new LinkedHashSet<>();
      for (Link link : parsed.links()) {
        String url = normalizer.normalize(link.url(), job.ignoreQueryParams());
        if (url != null) {
          all.add(url);
          if (!link.nofollow()) {
            followable.add(url);
          }
        }
      }
      outlinksCount = all.size();
      if (entry.depth() < job.maxDepth() && !parsed.metaNofollow()) {
        outlinks = new ArrayList<>(followable.size());
        for (String url : followable) {
          outlinks.add(new FrontierUrl(job.id(), url, entry.depth() + 1, entry.url()));
        }
      }
    }
    CrawledPage page =
        new CrawledPage(
            entry, fetch.withoutBody(), parsed, detected, digest(fetch.body()), outlinksCount);
    return new Outcome(page, outlinks, fetch.redirects());
  }

  private static String digest(byte[] body) {
    if (body == null) {
      return null;
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
