package io.beamcrawl.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Parses an HTML body with Jsoup: the charset from the Content-Type header when it is a known
 * one, else from a BOM or the {@code <meta>} tag (Jsoup's detection, where a BOM always wins),
 * else UTF-8; then the title, languages, canonical URL, robots meta, links and markdown (of the
 * main content or the whole body).
 */
public final class HtmlParser {

  private HtmlParser() {}

  public static ParsedPage parse(
      byte[] body, String headerCharset, String baseUrl, MarkdownMode markdown) {
    return parse(body, headerCharset, baseUrl, markdown, false);
  }

  /** @param withMetadata also read what the page declares about itself ({@link PageMetadata}) */
  public static ParsedPage parse(
      byte[] body, String headerCharset, String baseUrl, MarkdownMode markdown, boolean withMetadata) {
    Document doc = document(body, headerCharset, baseUrl);
    // Before the markdown: the main-content step may take elements out of the document.
    String metadata = withMetadata ? PageMetadata.json(doc) : null;
    Charset charset = doc.charset();
    Scan scan = new Scan(doc);
    String title = doc.title().isBlank() ? null : doc.title().strip();
    return new ParsedPage(
        title,
        decoded(body, charset),
        charset.name(),
        scan.languages(),
        canonicalUrl(scan.canonical),
        scan.robots.nofollow(),
        scan.robots.noindex(),
        new ArrayList<>(scan.links.values()),
        Markdown.fromHtml(doc, markdown),
        metadata);
  }

  private static String canonicalUrl(Element canonical) {
    String url = canonical == null ? "" : canonical.absUrl("href");
    return url.isEmpty() ? null : url;
  }

  /** The Jsoup document of an HTML body, decoded as the class comment says. */
  public static Document document(byte[] body, String headerCharset, String baseUrl) {
    try {
      return Jsoup.parse(new ByteArrayInputStream(body), knownCharset(headerCharset), baseUrl);
    } catch (IOException | RuntimeException e) {
      return Jsoup.parse(new String(body, StandardCharsets.UTF_8), baseUrl);
    }
  }

  /** The header's charset when Java knows it; null lets Jsoup look at the BOM and meta tags. */
  private static String knownCharset(String name) {
    try {
      return name != null && Charset.isSupported(name) ? name : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String decoded(byte[] body, Charset charset) {
    String text = new String(body, charset);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * What the page says about itself (robots meta, canonical URL, languages) and its links, found
   * in one walk of it: each query would walk it all.
   */
  private static final class Scan {
    RobotsDirectives robots = RobotsDirectives.NONE;
    /** The first canonical link, or null. */
    Element canonical;
    private final Set<String> languages = new LinkedHashSet<>();
    /** By URL without its fragment, the first link to each. */
    final Map<String, Link> links = new LinkedHashMap<>();
    private final UrlResolver resolver;
    /** The heading the walk is under. */
    private String heading = "";

    Scan(Document doc) {
      resolver = new UrlResolver(doc.baseUri());
      // In document order, so each link knows the heading it comes under.
      for (Element e : doc.getAllElements()) {
        switch (e.normalName()) {
          case "h1", "h2", "h3", "h4", "h5", "h6" -> heading = e.text().strip();
          case "a", "area" -> link(e);
          case "meta" -> meta(e);
          case "link" -> {
            if (canonical == null && e.attr("rel").equalsIgnoreCase("canonical")
                && e.hasAttr("href")) {
              canonical = e;
            }
          }
          case "html" -> {
            if (languages.isEmpty() && e.hasAttr("lang")) {
              languages.add(e.attr("lang"));
            }
          }
          default -> { }
        }
      }
    }

    private void meta(Element meta) {
      if (!meta.hasAttr("content")) {
        return;
      }
      if (meta.attr("name").equalsIgnoreCase("robots")) {
        robots = robots.and(RobotsDirectives.ofMeta(meta.attr("content")));
      }
      if (meta.attr("http-equiv").toLowerCase(Locale.ROOT).contains("content-language")) {
        languages.addAll(List.of(meta.attr("content").split(",")));
      }
    }

    private void link(Element anchor) {
      if (!anchor.hasAttr("href")) {
        return;
      }
      String url = resolver.absolute(anchor, "href");
      String lower = url.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
        return;
      }
      int fragment = url.indexOf('#');
      if (fragment >= 0) {
        url = url.substring(0, fragment);
      }
      boolean nofollow = anchor.attr("rel").toLowerCase(Locale.ROOT).contains("nofollow");
      links.putIfAbsent(url, new Link(url, nofollow, anchor.text().strip(), heading));
    }

    List<String> languages() {
      return languages.stream()
          .map(language -> language.strip().toLowerCase(Locale.ROOT))
          .filter(language -> !language.isEmpty())
          .distinct()
          .toList();
    }
  }
}
