package io.beamcrawl.crawl;

import io.beamcrawl.archive.WarcArchive;
import io.beamcrawl.archive.WarcLocation;
import io.beamcrawl.fetch.Exchange;
import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.fetch.HopCheck;
import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import io.beamcrawl.model.ChangeStatus;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.EarlierPage;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.model.PageLink;
import io.beamcrawl.parse.ContentTypes;
import io.beamcrawl.parse.HtmlParser;
import io.beamcrawl.parse.Link;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.parse.ParsedPage;
import io.beamcrawl.parse.RobotsDirectives;
import io.beamcrawl.util.Backoff;
import io.beamcrawl.util.Retry;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crawls one URL of one job: fetches it (each redirect hop checked against the job's hosts and
 * robots.txt), parses it when it is HTML, and lists the links to follow. Plain Java, so it is
 * tested without Beam; {@link SiteCrawler} fetches and processes apart, so a page being parsed
 * holds none of its host's requests.
 */
public final class PageCrawler {

  /** The page, the links it offers the next depth, and the URLs its redirects went through. */
  public record Outcome(CrawledPage page, List<Candidate> outlinks, List<String> redirects) {

    /** The page, rendered or not as {@code how} says. */
    Outcome withRender(PageRender how) {
      return new Outcome(page.withRender(how), outlinks, redirects);
    }

    /**
     * The page with what its picker made of {@code judged} (its links as the frontier offered
     * them): the picked marked to follow, the rest to leave; after a failed call, every link as it
     * was, for the offline score to rank.
     */
    Outcome withPicks(List<Candidate> judged, LinkPicks picks) {
      if (picks.failed()) {
        return new Outcome(page.withLinkPicks(picks), outlinks, redirects);
      }
      Set<String> picked = new HashSet<>();
      picks.picked().forEach(index -> picked.add(judged.get(index).link().url()));
      List<Candidate> marked = new ArrayList<>(outlinks.size());
      outlinks.forEach(link -> marked.add(link.withPicked(picked.contains(link.link().url()))));
      return new Outcome(page.withLinkPicks(picks), marked, redirects);
    }
  }

  /**
   * A URL's response, after the retries it was allowed, before any parsing.
   *
   * @param warc where its last exchange was archived, or null
   */
  public record Fetched(FrontierUrl entry, FetchResult fetch, int attempts, WarcLocation warc) {}

  /** How much of a page's markdown tells how relevant the page is. */
  private static final int OPENING_CHARS = 2_000;

  /** Links whose normal form is remembered, over all sites: a hundred sites' navigation. */
  private static final long LINKS_REMEMBERED = 10_000;

  private final HttpFetcher fetcher;
  private final RobotsCache robots;
  private final Retry retry;
  private final Backoff backoff;
  private final MarkdownMode markdown;
  /** Its pages' links, normalised: most of a page's are its site's navigation, seen before. */
  private final UrlNormalizer normalizer = UrlNormalizer.remembering(LINKS_REMEMBERED);
  private final LinkScorer scorer;
  private final WarcArchive archive;
  private final String robotName;

  public PageCrawler(
      HttpFetcher fetcher, RobotsCache robots, int maxAttempts, Backoff backoff, MarkdownMode markdown) {
    // The default User-Agent's robot name: what X-Robots-Tag lines for one crawler are matched with.
    this(fetcher, robots, maxAttempts, backoff, markdown, new LexicalRelevance(), null, "beamcrawl");
  }

  PageCrawler(
      HttpFetcher fetcher,
      RobotsCache robots,
      int maxAttempts,
      Backoff backoff,
      MarkdownMode markdown,
      LinkScorer scorer,
      WarcArchive archive,
      String robotName) {
    this.fetcher = fetcher;
    this.robots = robots;
    this.retry = new Retry(maxAttempts, Retry.Sleeper.REAL);
    this.backoff = backoff;
    this.markdown = markdown;
    this.scorer = scorer;
    this.archive = archive;
    this.robotName = robotName;
  }

  /** A URL not fetched, as a failed page with no request made and nothing to follow. */
  public static Outcome notFetched(FrontierUrl entry, FetchError errorType, String message) {
    CrawledPage page =
        new CrawledPage(
            entry, FetchResult.notFetched(entry.url(), errorType, message), null, null, null, 0, 0);
    return new Outcome(page, List.of(), List.of());
  }

  /** Fetches and processes a URL in one go. */
  public Outcome crawl(FrontierUrl entry, CrawlJob job, Scope scope) {
    return crawl(entry, job, scope, null);
  }

  /** Fetches and processes a URL in one go, compared with {@code earlier} (see {@link #process}). */
  public Outcome crawl(FrontierUrl entry, CrawlJob job, Scope scope, EarlierPage earlier) {
    return process(fetch(entry, scope, earlier), job, earlier);
  }

  /**
   * Fetches a URL, retrying what may pass, each redirect hop checked; asking with the validators
   * of its earlier crawl when there is one that a 304 can stand for.
   */
  public Fetched fetch(FrontierUrl entry, Scope scope, EarlierPage earlier) {
    List<Header> validators = new ArrayList<>(2);
    if (earlier != null && earlier.revalidates()) {
      if (earlier.etag() != null) {
        validators.add(new Header("If-None-Match", earlier.etag()));
      }
      if (earlier.lastModified() != null) {
        validators.add(new Header("If-Modified-Since", earlier.lastModified()));
      }
    }
    HopCheck hops =
        url -> {
          if (!scope.hostInScope(UrlParts.host(url))) {
            return FetchError.REDIRECT_OUT_OF_SCOPE;
          }
          return robots.isAllowed(url) ? null : FetchError.REDIRECT_DISALLOWED_BY_ROBOTS;
        };
    List<Exchange> exchanges = new ArrayList<>();
    Exchange.Listener listener = archive == null ? Exchange.Listener.NONE : exchanges::add;
    Retry.Outcome<FetchResult> fetched =
        retry.run(
            attempt -> {
              FetchResult fetch = fetcher.fetch(entry.url(), hops, listener, validators);
              return isRetryable(fetch)
                  ? Retry.Tried.again(fetch, waitBeforeRetry(fetch, attempt))
                  : Retry.Tried.done(fetch);
            });
    WarcLocation warc = archive == null ? null : archive.record(exchanges);
    return new Fetched(entry, fetched.value(), fetched.attempts(), warc);
  }

  /**
   * Parses a response when it is HTML and lists the links it offers; when the job is crawled
   * incrementally, compares it with {@code earlier}, the earlier crawl's success at the URL (null
   * when it had none).
   */
  public Outcome process(Fetched fetched, CrawlJob job, EarlierPage earlier) {
    return process(fetched, job, earlier, null);
  }

  /**
   * Processes a response as {@link #process(Fetched, CrawlJob, EarlierPage)} does, parsing
   * {@code rendered} (the browser's document, UTF-8) instead of its body when it is not null;
   * the digest, content type and headers stay the response's.
   */
  Outcome process(Fetched fetched, CrawlJob job, EarlierPage earlier, byte[] rendered) {
    FrontierUrl entry = fetched.entry();
    FetchResult fetch = fetched.fetch();
    if (earlier != null && fetch.isNotModified()) {
      return notModified(fetched, job, earlier);
    }
    String detected = fetch.body() == null ? null : ContentTypes.detect(fetch.body(), fetch.finalUrl());
    ParsedPage parsed = null;
    List<Candidate> outlinks = List.of();
    List<PageLink> links = null;
    int outlinksCount = 0;
    RobotsDirectives robots = RobotsDirectives.NONE;
    for (Header header : fetch.responseHeaders()) {
      if (header.name().equalsIgnoreCase("X-Robots-Tag")) {
        robots = robots.and(RobotsDirectives.ofHeader(header.value(), robotName));
      }
    }
    if (fetch.isSuccess() && ContentTypes.isHtml(fetch.contentType(), detected, fetch.body())) {
      parsed =
          rendered == null
              ? HtmlParser.parse(
                  fetch.body(), fetch.headerCharset(), fetch.finalUrl(), markdown, job.extractsMetadata())
              : HtmlParser.parse(rendered, "UTF-8", fetch.finalUrl(), markdown, job.extractsMetadata());
      Set<String> all = new LinkedHashSet<>();
      Map<String, Link> followable = new LinkedHashMap<>();
      for (Link link : parsed.links()) {
        String url = normalizer.normalize(link.url(), job.ignoreQueryParams());
        if (url != null) {
          all.add(url);
          if (!link.nofollow()) {
            followable.putIfAbsent(url, link);
          }
        }
      }
      outlinksCount = all.size();
      links = new ArrayList<>();
      if (!robots.nofollow() && !parsed.metaNofollow()) {
        for (Map.Entry<String, Link> link : followable.entrySet()) {
          Link found = link.getValue();
          links.add(new PageLink(link.getKey(), found.anchorText(), found.heading()));
        }
      }
      outlinks = candidates(links, entry, job, parsed.title(), opening(parsed.markdown()));
    }
    CrawledPage page =
        new CrawledPage(
            entry,
            fetch.withoutBody(),
            parsed == null ? null : parsed.withoutLinks(),
            detected,
            digest(fetch.body()),
            outlinksCount,
            fetched.attempts(),
            null,
            fetched.warc(),
            robots.noindex() || (parsed != null && parsed.metaNoindex()),
            null,
            links == null ? List.of() : links,
            null,
            null,
            null);
    return new Outcome(compared(page, job, earlier), outlinks, fetch.redirects());
  }

  /**
   * A 304 to the earlier crawl's validators: the page is as it was, and its stored links are
   * followed as the body's would have been. Its content is carried over after the crawl.
   */
  private Outcome notModified(Fetched fetched, CrawlJob job, EarlierPage earlier) {
    FrontierUrl entry = fetched.entry();
    CrawledPage page =
        new CrawledPage(
            entry, fetched.fetch().withoutBody(), null, null, earlier.contentDigest(), 0,
            fetched.attempts(), null, fetched.warc(), false, null, null, ChangeStatus.UNCHANGED,
            job.earlierCrawl(), null);
    return new Outcome(
        page,
        candidates(earlier.links(), entry, job, earlier.title(), earlier.opening()),
        fetched.fetch().redirects());
  }

  /** The page as it compares with the earlier crawl's, when the job is crawled incrementally. */
  static CrawledPage compared(CrawledPage page, CrawlJob job, EarlierPage earlier) {
    if (job.earlierCrawl() == null) {
      return page;
    }
    ChangeStatus status;
    int code = page.fetch().statusCode();
    if (earlier == null) {
      status = ChangeStatus.NEW;
    } else if (page.isSuccess() && Objects.equals(earlier.contentDigest(), page.contentDigest())) {
      status = ChangeStatus.UNCHANGED;
    } else if (page.fetch().errorType() == FetchError.HTTP_ERROR && (code == 404 || code == 410)) {
      status = ChangeStatus.GONE;
    } else {
      status = ChangeStatus.CHANGED;
    }
    CrawledPage compared = page.withChange(status, job.earlierCrawl());
    // Its content is carried over from the earlier row: the parsed one need not travel on, nor
    // its links when the earlier row has them (the same bytes, the same links).
    return status == ChangeStatus.UNCHANGED
        ? compared.withoutContent(earlier.links() != null)
        : compared;
  }

  /** The page's links as the next depth's candidates, when the job follows links from it. */
  private List<Candidate> candidates(
      List<PageLink> links, FrontierUrl entry, CrawlJob job, String title, String opening) {
    if (!job.followsLinks() || entry.depth() >= job.maxDepth() || links.isEmpty()) {
      return List.of();
    }
    String instruction = job.crawlInstruction();
    // Pages on the topic link to more of it: the page's own relevance goes to its links.
    PageRelevance pageRelevance =
        instruction == null
            ? PageRelevance.NONE
            : new PageRelevance(scorer, instruction, title, opening);
    List<Candidate> outlinks = new ArrayList<>(links.size());
    for (PageLink link : links) {
      outlinks.add(
          new Candidate(
              new FrontierUrl(job.id(), link.url(), entry.depth() + 1, entry.url()),
              link.anchorText(),
              link.heading(),
              pageRelevance));
    }
    return outlinks;
  }

  /** The start of a page's text, what a reader sees first. */
  public static String opening(String markdown) {
    String text = markdown == null ? "" : markdown;
    return text.substring(0, Math.min(text.length(), OPENING_CHARS));
  }

  /** Fetch failures that may pass: the server or the network, not the request, was at fault. */
  static boolean isRetryable(FetchResult fetch) {
    return Backoff.RETRYABLE_STATUSES.contains(fetch.statusCode())
        || (fetch.errorType() != null && fetch.errorType().isRetryable());
  }

  /** What the server asked for in Retry-After, else exponential backoff with jitter; capped. */
  private Duration waitBeforeRetry(FetchResult fetch, int attempt) {
    String retryAfter =
        fetch.responseHeaders().stream()
            .filter(header -> header.name().equalsIgnoreCase("Retry-After"))
            .map(Header::value)
            .findFirst()
            .orElse(null);
    return Backoff.parseRetryAfter(retryAfter, Clock.systemUTC())
        .map(backoff::capped)
        .orElseGet(() -> backoff.after(attempt, ThreadLocalRandom.current().nextDouble()));
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
