package io.beamcrawl.crawl;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.URI;
import java.net.URISyntaxException;
import org.archive.url.WaybackURLKeyMaker;
import java.util.Locale;

/** The parts of a URL that scope checks and the Common Crawl index columns are made of. */
public final class UrlParts {

  private static final WaybackURLKeyMaker URL_KEYS = new WaybackURLKeyMaker();

  private UrlParts() {}

  public static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** scheme://host:port, the unit robots.txt applies to. */
  public static String origin(String url) {
    URI uri = URI.create(url);
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return uri.getScheme() + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /**
   * The registered domain (example.co.uk for www.shop.example.co.uk) from the public suffix list;
   * the host itself for IP addresses and hosts the list does not know (localhost).
   */
  public static String registeredDomain(String host) {
    if (host == null) {
      return null;
    }
    String domain = isIpAddress(host) ? null : EffectiveTldFinder.getAssignedDomain(host, true);
    return domain == null ? host : domain;
  }

  /**
   * The URL's key in Common Crawl's index (its {@code url_surtkey}, the CDX key): the URL
   * canonicalised as the Internet Archive's Wayback does it, by webarchive-commons' {@code
   * WaybackURLKeyMaker}: host lower-cased, {@code www} and the default port dropped, host labels
   * reversed and comma-joined, then ')' and the lower-cased path and query, query parameters
   * sorted, session ids and the fragment dropped. A URL its parser refuses (none that the
   * crawl's normaliser lets through is known to) keeps its own text, so its row is not lost.
   */
  public static String surtKey(String url) {
    try {
      return URL_KEYS.makeKey(url);
    } catch (URISyntaxException e) {
      return url;
    }
  }

  static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":") || host.startsWith("[");
  }
}
