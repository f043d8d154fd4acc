package io.beamcrawl.parse;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A page's content as markdown ({@link MarkdownWriter}): its main content ({@link MarkdownMode#MAIN}, see
 * {@link MainContent}) or the whole body ({@link MarkdownMode#FULL}), either way without scripts,
 * styles, frames and form controls.
 */
public final class Markdown {

  private static final String NOT_CONTENT =
      "script, style, noscript, template, svg, iframe, object, embed, canvas, input, select, textarea, button";

  private Markdown() {}

  public static String fromHtml(Document doc, MarkdownMode mode) {
    Element content = mode == MarkdownMode.MAIN ? MainContent.extract(doc) : wholeBody(doc);
    return content == null ? "" : convert(content, doc.baseUri());
  }

  private static Element wholeBody(Document doc) {
    if (doc.body() == null) {
      return null;
    }
    Element copy = doc.body().clone();
    copy.select(NOT_CONTENT).remove();
    return copy;
  }

  /**
   * Markdown of a detached copy of page content, its links and images made absolute against the
   * page's URL so the markdown stands on its own (changes the copy).
   */
  public static String convert(Element content, String baseUri) {
    content.setBaseUri(baseUri);
    UrlResolver resolver = new UrlResolver(baseUri);
    for (Element element : content.getAllElements()) { // one walk for both
      switch (element.normalName()) {
        case "a" -> absolute(element, "href", resolver);
        case "img" -> absolute(element, "src", resolver);
        default -> { }
      }
    }
    try {
      return MarkdownWriter.write(content);
    } catch (RuntimeException e) {
      // A writer bug must not lose the page: plain text is still content.
      return content.text();
    }
  }

  private static void absolute(Element element, String attribute, UrlResolver resolver) {
    if (element.hasAttr(attribute)) {
      String url = resolver.absolute(element, attribute);
      if (!url.isEmpty()) {
        element.attr(attribute, url);
      }
    }
  }
}
