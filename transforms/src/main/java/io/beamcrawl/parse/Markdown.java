package io.beamcrawl.parse;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import com.vladsch.flexmark.util.data.MutableDataSet;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * A page's content as markdown (flexmark), without scripts, styles, frames, forms and the like:
 * the main content ({@link MarkdownMode#MAIN}: the {@code <main>} element, or a page's only
 * {@code <article>}, or else the body) or the whole body ({@link MarkdownMode#FULL}).
 */
public final class Markdown {

  private static final String NOT_CONTENT =
      "script, style, noscript, template, svg, iframe, object, embed, canvas, form, input, select, textarea, button";

  // The converter is immutable and thread-safe. ATX headings ("# Title"), as hosted APIs give.
  private static final FlexmarkHtmlConverter CONVERTER =
      FlexmarkHtmlConverter.builder(
              new MutableDataSet().set(FlexmarkHtmlConverter.SETEXT_HEADINGS, false))
          .build();

  private Markdown() {}

  public static String fromHtml(Document doc, MarkdownMode mode) {
    Element content = mode == MarkdownMode.MAIN ? doc.selectFirst("main") : null;
    if (content == null && mode == MarkdownMode.MAIN && doc.select("article").size() == 1) {
      content = doc.selectFirst("article");
    }
    if (content == null) {
      content = doc.body();
    }
    if (content == null) {
      return "";
    }
    Element copy = content.clone();
    // Absolute links and images, so the markdown stands on its own away from the page; the copy
    // has lost its document's URL, so each is resolved on the original (same order in both).
    absolute(content.select("a[href]"), copy.select("a[href]"), "href");
    absolute(content.select("img[src]"), copy.select("img[src]"), "src");
    copy.select(NOT_CONTENT).remove();
    try {
      return CONVERTER.convert(copy.outerHtml()).strip();
    } catch (RuntimeException e) {
      // A converter bug must not lose the page: plain text is still content.
      return copy.text();
    }
  }

  private static void absolute(Elements originals, Elements copies, String attribute) {
    for (int i = 0; i < originals.size(); i++) {
      String url = originals.get(i).absUrl(attribute);
      if (!url.isEmpty()) {
        copies.get(i).attr(attribute, url);
      }
    }
  }
}
