package io.beamcrawl.parse;

import java.net.MalformedURLException;
import java.net.URL;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Element;

/**
 * Makes a page's link targets absolute as Jsoup's {@code absUrl} does, with the page's base URL
 * parsed once: {@code absUrl} parses it again for every link, a third of its cost on a page of
 * many links. Most targets need none of the repairs Jsoup's resolution makes (control characters
 * stripped, a lone query, dot segments left at the root, the URL built again from its host, port
 * and file), each a regular expression or a URL more a link: those get the JDK's resolution
 * alone.
 */
final class UrlResolver {

  /** The base, or null when it is not a URL (then {@code absUrl} decides, link by link). */
  private final URL base;

  UrlResolver(String baseUri) {
    URL parsed = null;
    if (baseUri.chars().noneMatch(c -> c < 0x20)) { // absUrl strips control characters first
      try {
        parsed = new URL(baseUri);
      } catch (MalformedURLException e) {
        parsed = null;
      }
    }
    this.base = parsed;
  }

  /** {@code element}'s {@code attribute} made absolute, or "" when it has none or it is no URL. */
  String absolute(Element element, String attribute) {
    if (base == null || !element.hasAttr(attribute)) {
      return element.absUrl(attribute);
    }
    String target = element.attr(attribute);
    try {
      if (needsNoRepair(target)) {
        URL url = new URL(base, target);
        if (asRebuilt(url)) {
          return url.toExternalForm();
        }
      }
      return StringUtil.resolve(base, target).toExternalForm();
    } catch (MalformedURLException e) {
      return element.absUrl(attribute); // what absUrl makes of a target it cannot resolve
    }
  }

  /**
   * Whether building the URL again from its parts, as Jsoup does, gives the same URL: no dot
   * segment at the root, and an authority that is only its host and port (no user, no empty
   * port).
   */
  private static boolean asRebuilt(URL url) {
    String authority = url.getAuthority();
    return authority != null && !url.getFile().startsWith("/.")
        && authority.equals(url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
  }

  /** A target without control characters that is not a query alone. */
  private static boolean needsNoRepair(String target) {
    if (target.startsWith("?")) {
      return false;
    }
    for (int i = 0; i < target.length(); i++) {
      if (target.charAt(i) < 0x20) {
        return false;
      }
    }
    return true;
  }
}
