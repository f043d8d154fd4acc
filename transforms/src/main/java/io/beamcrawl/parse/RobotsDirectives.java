package io.beamcrawl.parse;

import java.io.Serializable;
import java.util.Locale;
import java.util.Set;

/**
 * What a page's robots directives ask of a crawler: {@code <meta name="robots">} and the {@code
 * X-Robots-Tag} header, read as comma-separated tokens,
 * the way Google documents them: {@code noindex}, {@code nofollow}, {@code none} (both), any
 * case; other directives ({@code max-image-preview:none}, {@code noarchive}...) ask nothing of a
 * crawl. A header value may start with a user agent ({@code otherbot: noindex}); it then applies
 * to that crawler alone.
 */
public record RobotsDirectives(boolean noindex, boolean nofollow) implements Serializable {

  public static final RobotsDirectives NONE = new RobotsDirectives(false, false);

  /** Directives whose name is followed by a colon and a value: not a user agent. */
  private static final Set<String> VALUED =
      Set.of("unavailable_after", "max-snippet", "max-image-preview", "max-video-preview");

  /** Both sets of directives at once. */
  public RobotsDirectives and(RobotsDirectives other) {
    return new RobotsDirectives(noindex || other.noindex, nofollow || other.nofollow);
  }

  /** A {@code <meta name="robots">} tag's content: it applies to every crawler. */
  public static RobotsDirectives ofMeta(String content) {
    return tokens(content == null ? "" : content);
  }

  /**
   * An X-Robots-Tag header value, for the crawler named {@code robotName}: a value naming
   * another user agent says nothing to it.
   */
  public static RobotsDirectives ofHeader(String value, String robotName) {
    if (value == null) {
      return NONE;
    }
    int colon = value.indexOf(':');
    if (colon > 0) {
      String head = value.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      boolean agent = !head.contains(",") && !head.contains(" ") && !VALUED.contains(head);
      if (agent) {
        return head.equalsIgnoreCase(robotName) ? tokens(value.substring(colon + 1)) : NONE;
      }
    }
    return tokens(value);
  }

  private static RobotsDirectives tokens(String list) {
    boolean noindex = false;
    boolean nofollow = false;
    for (String token : list.split(",")) {
      switch (token.strip().toLowerCase(Locale.ROOT)) {
        case "noindex" -> noindex = true;
        case "nofollow" -> nofollow = true;
        case "none" -> {
          noindex = true;
          nofollow = true;
        }
        default -> { } // a directive that asks nothing of a crawl
      }
    }
    return new RobotsDirectives(noindex, nofollow);
  }
}
