package io.beamcrawl.crawl;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import crawlercommons.filters.basic.BasicURLNormalizer;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts URLs in the one form the crawl compares, deduplicates and records them in: crawler-commons'
 * normaliser (lower-case scheme and host, default port dropped, dot segments resolved, escapes
 * normalised, fragment removed), restricted to http and https. Session ids are dropped too, so a
 * site that puts one in every link is crawled once, not once per session.
 */
public final class UrlNormalizer implements Serializable {

  /** Query parameters that carry a session id, in the spellings servers use (matched exactly). */
  static final List<String> SESSION_ID_PARAMS =
      List.of(
          "jsessionid", "JSESSIONID", "phpsessid", "PHPSESSID", "sid", "SID", "sessionid",
          "sessionId", "SESSIONID", "session_id", "sessid", "cfid", "CFID", "cftoken", "CFTOKEN");

  /** A servlet session id carried as a path parameter: {@code /cart;jsessionid=1A2B?x=1}. */
  private static final Pattern SESSION_ID_PATH_PARAM = Pattern.compile("(?i);jsessionid=[^?#/]*");

  // The crawler-commons normaliser is immutable and thread-safe, but not serialisable.
  private transient BasicURLNormalizer normalizer;
  private final long remembered;
  private final transient Cache<String, String> recent;

  /** A normaliser that works each URL out afresh. */
  public UrlNormalizer() {
    this(0);
  }

  private UrlNormalizer(long remembered) {
    this.remembered = remembered;
    this.recent = remembered == 0 ? null : Caffeine.newBuilder().maximumSize(remembered).build();
  }

  /** A normaliser read back from its serialised form starts with nothing remembered. */
  private Object readResolve() {
    return new UrlNormalizer(remembered);
  }

  /**
   * A normaliser that remembers its last {@code urls} answers: the pages of a site repeat their
   * navigation's links, and normalising a URL takes a few microseconds. Thread-safe.
   */
  public static UrlNormalizer remembering(long urls) {
    return new UrlNormalizer(urls);
  }

  /** The normalised URL, or null when it is not a usable http(s) URL. */
  public String normalize(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    return recent == null ? normalizeNow(url) : recent.get(url, this::normalizeNow);
  }

  private String normalizeNow(String url) {
    String normalized = delegate().filter(SESSION_ID_PATH_PARAM.matcher(url.trim()).replaceFirst(""));
    if (normalized == null) {
      return null;
    }
    try {
      URI uri = new URI(normalized);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        return null;
      }
    } catch (URISyntaxException e) {
      return null;
    }
    return normalized;
  }

  /** As {@link #normalize(String)}, and drops the query string when {@code ignoreQuery}. */
  public String normalize(String url, boolean ignoreQuery) {
    String normalized = normalize(url);
    if (normalized == null || !ignoreQuery) {
      return normalized;
    }
    int query = normalized.indexOf('?');
    return query < 0 ? normalized : normalized.substring(0, query);
  }

  private BasicURLNormalizer delegate() {
    if (normalizer == null) {
      normalizer = BasicURLNormalizer.newBuilder().queryParamsToRemove(SESSION_ID_PARAMS).build();
    }
    return normalizer;
  }
}
