package io.beamcrawl.parse;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;

/**
 * A page's content as markdown (flexmark): its main content ({@link MarkdownMode#MAIN}, see
 * {@link MainContent}) or the whole body ({@link MarkdownMode#FULL}), either way without scripts,
 * styles, frames and form controls.
 */
public final class Markdown {

  private static final String NOT_CONTENT =
      "script, style, noscript, template, svg, iframe, object, embed, canvas, input, select, textarea, button";

  // The converter is immutable and thread-safe. ATX headings ("# Title"), as hosted APIs give; the
  // page's own quotes and dashes; no "{#id}" after headings and no HTML line breaks; a div is a
  // paragraph (else a quote followed by a div loses its "> ").
  private static final FlexmarkHtmlConverter CONVERTER =
      FlexmarkHtmlConverter.builder(
              new MutableDataSet()
                  .set(FlexmarkHtmlConverter.SETEXT_HEADINGS, false)
                  .set(FlexmarkHtmlConverter.TYPOGRAPHIC_QUOTES, false)
                  .set(FlexmarkHtmlConverter.TYPOGRAPHIC_SMARTS, false)
                  .set(FlexmarkHtmlConverter.OUTPUT_ATTRIBUTES_ID, false)
                  .set(FlexmarkHtmlConverter.BR_AS_PARA_BREAKS, false)
                  .set(FlexmarkHtmlConverter.BR_AS_EXTRA_BLANK_LINES, false)
                  .set(FlexmarkHtmlConverter.DIV_AS_PARAGRAPH, true))
          .build();

  /** A text that starts like "2. " or "15) ": a list item's number when it starts a line. */
  private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\s*\\d{1,9})([.)])(?=\\s|$)");

  /** Stand-ins for the number's mark, private-use characters no page text should hold. */
  private static final char DOT = '\uE000';
  private static final char PAREN = '\uE001';

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
    absolute(content.select("a[href]"), "href");
    absolute(content.select("img[src]"), "src");
    // The converter runs figures inline, into the text around them: a figure is a block of its
    // own, its caption a paragraph.
    content.select("figure").tagName("div");
    content.select("figcaption").tagName("p");
    markNumbers(content);
    try {
      return unmarkNumbers(CONVERTER.convert(content).strip());
    } catch (RuntimeException e) {
      // A converter bug must not lose the page: plain text is still content.
      return content.text();
    }
  }

  /**
   * The converter does not escape a paragraph that starts with a number and a dot or a bracket, so
   * it would read back as a numbered list and lose its number: the mark goes in as a stand-in and
   * comes out escaped (an escape is harmless mid-line too). Code keeps its text.
   */
  private static void markNumbers(Element content) {
    NodeTraversor.traverse(
        (node, depth) -> {
          if (node instanceof TextNode text) {
            Matcher m = LEADING_NUMBER.matcher(text.getWholeText());
            if (m.find() && !inCode(text)) {
              char mark = m.group(2).equals(".") ? DOT : PAREN;
              text.text(m.group(1) + mark + text.getWholeText().substring(m.end()));
            }
          }
        },
        content);
  }

  private static boolean inCode(TextNode text) {
    for (Element e = text.parent(); e != null; e = e.parent()) {
      if (e.normalName().equals("pre") || e.normalName().equals("code")) {
        return true;
      }
    }
    return false;
  }

  private static String unmarkNumbers(String markdown) {
    if (markdown.indexOf(DOT) < 0 && markdown.indexOf(PAREN) < 0) {
      return markdown;
    }
    return markdown.replace(String.valueOf(DOT), "\\.").replace(String.valueOf(PAREN), "\\)");
  }

  private static void absolute(Iterable<Element> elements, String attribute) {
    for (Element element : elements) {
      String url = element.absUrl(attribute);
      if (!url.isEmpty()) {
        element.attr(attribute, url);
      }
    }
  }
}
