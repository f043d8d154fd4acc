package io.beamcrawl.crawl;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Puts URLs in the one form the crawl compares, deduplicates and records them in: crawler-commons'
 * normaliser (lower-case scheme and host, default port dropped, dot segments resolved, escapes
 * normalised, fragment removed), restricted to http and https.
 */
public final class UrlNormalizer implements Serializable {

  // The crawler-commons normaliser is immutable and thread-safe, but not serialisable.
  private transient BasicURLNormalizer normalizer;

  /** The normalised URL, or null when it is not a usable http(s) URL. */
  public String normalize(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String normalized = delegate().filter(url.trim());
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
      normalizer = BasicURLNormalizer.newBuilder().build();
    }
    return normalizer;
  }
}
