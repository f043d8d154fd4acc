package io.beamcrawl.render;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a page's HTTP response, once parsed, shows that the page is built by script and needs
 * a browser: the signs a single-page app leaves (an empty root element and a script to fill it,
 * a {@code <noscript>} asking for JavaScript, little text beside scripts, the site's paths in
 * its scripts rather than in its links). Plain logic on the response's HTML and what the parse
 * made of it; no rule names a site.
 */
public final class RenderDecision {

  /** Main content shorter than this, in characters of markdown, is little. */
  static final int LITTLE_CONTENT_CHARS = 300;
  /** Paths a page's scripts must name beyond its links to count as links held in scripts. */
  static final int SCRIPT_PATHS = 3;

  private static final Pattern SCRIPT =
      Pattern.compile("<script\\b([^>]*)>(.*?)</script\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern NOSCRIPT =
      Pattern.compile("<noscript\\b[^>]*>(.*?)</noscript\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern EMPTY_ELEMENT_WITH_ID =
      Pattern.compile(
          "<(div|main|section|app-root|body)\\b[^>]*\\bid\\s*=[^>]*>\\s*</\\1\\s*>",
          Pattern.CASE_INSENSITIVE);
  /** A quoted site path in a script: "/docs/start", '/p/12'. */
  private static final Pattern QUOTED_PATH = Pattern.compile("[\"'`](/[A-Za-z0-9_\\-./]{2,200})[\"'`]");
  private static final Pattern ASSET =
      Pattern.compile("\\.(js|mjs|css|json|png|jpe?g|gif|svg|webp|ico|woff2?|ttf|map|txt|xml)$",
          Pattern.CASE_INSENSITIVE);

  private RenderDecision() {}

  /**
   * @param html the response's HTML
   * @param markdown its main content as the parse found it
   * @param linkPaths the paths of the links the parse found
   */
  public static RenderReason of(String html, String markdown, Set<String> linkPaths) {
    int scripts = 0;
    Set<String> scriptPaths = new HashSet<>();
    Matcher script = SCRIPT.matcher(html);
    while (script.find()) {
      String attributes = script.group(1).toLowerCase(Locale.ROOT);
      if (attributes.contains("json") || attributes.contains("text/template")) {
        continue; // data, not code (its paths may still be links held for a script)
      }
      scripts++;
      Matcher path = QUOTED_PATH.matcher(script.group(2));
      while (path.find()) {
        String found = path.group(1);
        if (!ASSET.matcher(found).find() && !found.startsWith("//") && !linkPaths.contains(found)) {
          scriptPaths.add(found);
        }
      }
    }
    if (scripts == 0) {
      return RenderReason.STATIC_PAGE;
    }
    boolean little = (markdown == null ? 0 : markdown.strip().length()) < LITTLE_CONTENT_CHARS;
    Matcher noscript = NOSCRIPT.matcher(html);
    while (noscript.find()) {
      String text = noscript.group(1).toLowerCase(Locale.ROOT);
      if (text.contains("javascript") || text.contains("enable js")) {
        return RenderReason.NOSCRIPT_ASKS_FOR_JAVASCRIPT;
      }
    }
    if (little && EMPTY_ELEMENT_WITH_ID.matcher(html).find()) {
      return RenderReason.EMPTY_APP_ROOT;
    }
    if (scriptPaths.size() >= SCRIPT_PATHS && scriptPaths.size() > linkPaths.size()) {
      return RenderReason.LINKS_IN_SCRIPTS;
    }
    return little ? RenderReason.LITTLE_CONTENT_WITH_SCRIPTS : RenderReason.STATIC_PAGE;
  }
}
