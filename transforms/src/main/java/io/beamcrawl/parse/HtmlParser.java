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
    RobotsDirectives robots = RobotsDirectives.NONE;
    for (Element meta : doc.select("meta[name~=(?i)^robots$][content]")) {
      robots = robots.and(RobotsDirectives.ofMeta(meta.attr("content")));
    }
    Element canonical = doc.selectFirst("link[rel~=(?i)^canonical$][href]");
    String title = doc.title().isBlank() ? null : doc.title().strip();
    return new ParsedPage(
        title,
        decoded(body, charset),
        charset.name(),
        languages(doc),
        canonical == null || canonical.absUrl("href").isEmpty() ? null : canonical.absUrl("href"),
        robots.nofollow(),
        robots.noindex(),
        links(doc),
        Markdown.fromHtml(doc, markdown),
        metadata);
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

  private static List<String> languages(Document doc) {
    Set<String> languages = new LinkedHashSet<>();
    Element html = doc.selectFirst("html[lang]");
    if (html != null) {
      languages.add(html.attr("lang"));
    }
    for (String content : doc.select("meta[http-equiv~=(?i)content-language]").eachAttr("content")) {
      languages.addAll(List.of(content.split(",")));
    }
    return languages.stream()
        .map(language -> language.strip().toLowerCase(Locale.ROOT))
        .filter(language -> !language.isEmpty())
        .distinct()
        .toList();
  }

  private static List<Link> links(Document doc) {
    Map<String, Link> links = new LinkedHashMap<>();
    UrlResolver resolver = new UrlResolver(doc.baseUri());
    String heading = "";
    // In document order, so each link knows the heading it comes under.
    for (Element anchor : doc.select("h1, h2, h3, h4, h5, h6, a[href], area[href]")) {
      if (anchor.nameIs("h1") || anchor.nameIs("h2") || anchor.nameIs("h3")
          || anchor.nameIs("h4") || anchor.nameIs("h5") || anchor.nameIs("h6")) {
        heading = anchor.text().strip();
        continue;
      }
      String url = resolver.absolute(anchor, "href");
      String lower = url.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
        continue;
      }
      int fragment = url.indexOf('#');
      if (fragment >= 0) {
        url = url.substring(0, fragment);
      }
      boolean nofollow = anchor.attr("rel").toLowerCase(Locale.ROOT).contains("nofollow");
      links.putIfAbsent(url, new Link(url, nofollow, anchor.text().strip(), heading));
    }
    return new ArrayList<>(links.values());
  }
}
