package io.beamcrawl.crawl;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.URI;
import java.util.Locale;

/** The parts of a URL that scope checks and the Common Crawl index columns are made of. */
public final class UrlParts {

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
   * Sort-friendly URL key as in Common Crawl's index: host labels reversed and comma-joined,
   * without a leading www, then ')' and the lower-cased path and query.
   */
  public static String surtKey(String url) {
    URI uri = URI.create(url);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    StringBuilder key = new StringBuilder();
    if (isIpAddress(host)) {
      key.append(host);
    } else {
      String[] labels = host.split("\\.");
      for (int i = labels.length - 1; i >= 0; i--) {
        key.append(labels[i]);
        if (i > 0) {
          key.append(',');
        }
      }
    }
    int port = uri.getPort();
    if (port >= 0) {
      key.append(':').append(port);
    }
    key.append(')');
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    key.append(path.toLowerCase(Locale.ROOT));
    if (uri.getRawQuery() != null) {
      key.append('?').append(uri.getRawQuery().toLowerCase(Locale.ROOT));
    }
    return key.toString();
  }

  static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":") || host.startsWith("[");
  }
}
