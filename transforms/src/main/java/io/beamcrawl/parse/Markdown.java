package io.beamcrawl.parse;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A page's content as markdown (flexmark): the {@code <main>} element, or a page's only
 * {@code <article>}, or else the body, without scripts, styles, frames, forms and the like.
 */
public final class Markdown {

  private static final String NOT_CONTENT =
      "script, style, noscript, template, svg, iframe, object, embed, canvas, form, input, select, textarea, button";

  // The converter is immutable and thread-safe.
  private static final FlexmarkHtmlConverter CONVERTER = FlexmarkHtmlConverter.builder().build();

  private Markdown() {}

  public static String fromHtml(Document doc) {
    Element content = doc.selectFirst("main");
    if (content == null && doc.select("article").size() == 1) {
      content = doc.selectFirst("article");
    }
    if (content == null) {
      content = doc.body();
    }
    if (content == null) {
      return "";
    }
    Element copy = content.clone();
    copy.select(NOT_CONTENT).remove();
    try {
      return CONVERTER.convert(copy.outerHtml()).strip();
    } catch (RuntimeException e) {
      // A converter bug must not lose the page: plain text is still content.
      return copy.text();
    }
  }
}
