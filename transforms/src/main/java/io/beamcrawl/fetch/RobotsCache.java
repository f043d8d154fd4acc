package io.beamcrawl.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * robots.txt rules per origin (scheme, host, port), fetched once and parsed with crawler-commons.
 * As RFC 9309 says: a 4xx robots.txt allows everything; a 5xx (and 429), a timeout or a connection
 * failure disallows everything. Thread-safe: concurrent callers for one origin share one fetch.
 */
public final class RobotsCache {

  private final Function<String, FetchResult> fetchRobots;
  private final List<String> robotNames;
  private final Map<String, CompletableFuture<BaseRobotRules>> rules = new ConcurrentHashMap<>();

  /** @param robotName the name matched against robots.txt user-agent lines */
  public RobotsCache(HttpFetcher fetcher, String robotName) {
    this(url -> fetcher.fetch(url, HopCheck.ALLOW_ALL), robotName);
  }

  /** @param fetchRobots fetches a robots.txt URL */
  RobotsCache(Function<String, FetchResult> fetchRobots, String robotName) {
    this.fetchRobots = fetchRobots;
    this.robotNames = List.of(robotName.toLowerCase(java.util.Locale.ROOT));
  }

  public boolean isAllowed(String url) {
    return rulesFor(url).isAllowed(url);
  }

  /** The sitemaps the robots.txt of the URL's origin names in Sitemap lines. */
  public List<String> sitemaps(String url) {
    return rulesFor(url).getSitemaps();
  }

  /** The Crawl-delay of the URL's origin in milliseconds; 0 when none is set. */
  public long crawlDelayMillis(String url) {
    long delay = rulesFor(url).getCrawlDelay();
    return Math.max(0, delay);
  }

  public BaseRobotRules rulesFor(String url) {
    String origin = origin(url);
    CompletableFuture<BaseRobotRules> mine = new CompletableFuture<>();
    CompletableFuture<BaseRobotRules> existing = rules.putIfAbsent(origin, mine);
    if (existing != null) {
      return existing.join();
    }
    try {
      mine.complete(load(origin));
    } catch (RuntimeException | Error failure) {
      // Callers waiting for this origin must not wait forever: they fail as this one does.
      mine.completeExceptionally(failure);
      throw failure;
    }
    return mine.join();
  }

  private BaseRobotRules load(String origin) {
    String robotsUrl = origin + "/robots.txt";
    FetchResult robots = fetchRobots.apply(robotsUrl);
    if (robots.errorType() == FetchError.FORBIDDEN_ADDRESS) {
      // The page fetch will be refused too, and should say why, not "disallowed by robots".
      return new SimpleRobotRules(RobotRulesMode.ALLOW_ALL);
    }
    int status = robots.statusCode();
    if (status >= 200 && status < 300 && robots.body() != null) {
      return new SimpleRobotRulesParser()
          .parseContent(robotsUrl, robots.body(), robots.contentType(), robotNames);
    }
    if (status >= 400 && status < 500 && status != 429) {
      return new SimpleRobotRules(RobotRulesMode.ALLOW_ALL);
    }
    return new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    int port = uri.getPort();
    return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
        + uri.getHost().toLowerCase(java.util.Locale.ROOT) + (port >= 0 ? ":" + port : "");
  }
}
