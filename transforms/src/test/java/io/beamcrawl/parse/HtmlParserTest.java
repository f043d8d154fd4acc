package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class HtmlParserTest {

  private static final String BASE = "http://site.test/dir/page";

  @Test
  public void theHeaderCharsetDecodesTheBody() {
    byte[] body = "<title>Café</title>".getBytes(Charset.forName("ISO-8859-1"));
    ParsedPage page = HtmlParser.parse(body, "ISO-8859-1", BASE, MarkdownMode.MAIN);
    assertEquals("Café", page.title());
    assertEquals("ISO-8859-1", page.charset());
  }

  @Test
  public void withoutAHeaderCharsetTheMetaTagDecides() {
    byte[] body =
        "<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 \u20ac</title></head></html>"
            .getBytes(Charset.forName("windows-1252"));
    ParsedPage page = HtmlParser.parse(body, null, BASE, MarkdownMode.MAIN);
    assertEquals("Café €", page.title());
    assertEquals("windows-1252", page.charset());
  }

  @Test
  public void aByteOrderMarkWinsOverTheMetaTagAndIsNotKeptInTheHtml() {
    byte[] text =
        "<meta charset=\"iso-8859-1\"><title>Żółw</title>".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[text.length + 3];
    body[0] = (byte) 0xEF;
    body[1] = (byte) 0xBB;
    body[2] = (byte) 0xBF;
    System.arraycopy(text, 0, body, 3, text.length);
    ParsedPage page = HtmlParser.parse(body, null, BASE, MarkdownMode.MAIN);
    assertEquals("Żółw", page.title());
    assertEquals("UTF-8", page.charset());
    assertTrue(page.html().startsWith("<meta"));
  }

  @Test
  public void anUnknownHeaderCharsetFallsBackToDetection() {
    byte[] body = "<meta charset=utf-8><title>ünïcode</title>".getBytes(StandardCharsets.UTF_8);
    assertEquals("ünïcode", HtmlParser.parse(body, "x-no-such-charset", BASE, MarkdownMode.MAIN).title());
  }

  @Test
  public void linksAreAbsoluteDistinctWithoutFragmentsOnlyHttpAndKnowTheirHeading() {
    String html =
        "<a href=\"a\">A</a><h2>Second <em>part</em></h2><a href=\"/b#top\">B</a>"
            + "<a href=\"/b#end\">B again</a>"
            + "<a href=\"mailto:x@site.test\">mail</a><a href=\"javascript:void(0)\">js</a>"
            + "<h3>Elsewhere</h3><a rel=\"external nofollow\" href=\"https://other.test/\">other</a>"
            + "<map><area href=\"/c\"></map>";
    ParsedPage page = HtmlParser.parse(html.getBytes(StandardCharsets.UTF_8), "UTF-8", BASE, MarkdownMode.MAIN);
    assertEquals(
        List.of(
            new Link("http://site.test/dir/a", false, "A", ""),
            new Link("http://site.test/b", false, "B", "Second part"),
            new Link("https://other.test/", true, "other", "Elsewhere"),
            new Link("http://site.test/c", false, "", "Elsewhere")),
        page.links());
  }

  @Test
  public void robotsMetaCanonicalAndLanguagesAreRead() {
    String html =
        "<html lang=\"EN-gb\"><head><meta name=\"robots\" content=\"NoIndex, NoFollow\">"
            + "<meta http-equiv=\"Content-Language\" content=\"en-GB, fr\">"
            + "<link rel=\"Canonical\" href=\"/canonical\"></head><body>x</body></html>";
    ParsedPage page = HtmlParser.parse(html.getBytes(StandardCharsets.UTF_8), "UTF-8", BASE, MarkdownMode.MAIN);
    assertTrue(page.metaNofollow());
    assertTrue(page.metaNoindex());
    assertEquals("http://site.test/canonical", page.canonicalUrl());
    assertEquals(List.of("en-gb", "fr"), page.languages());
  }

  /** Read as tokens: a directive whose value is "none" is not the directive none. */
  @Test
  public void robotsMetaDirectivesThatAskNothingOfACrawlAreNotTakenForNone() {
    String html =
        "<html><head><meta name=\"ROBOTS\" content=\"max-image-preview:none, noarchive\"></head>"
            + "<body><a href=\"/a\">a</a></body></html>";
    ParsedPage page = HtmlParser.parse(html.getBytes(StandardCharsets.UTF_8), "UTF-8", BASE, MarkdownMode.MAIN);
    assertFalse(page.metaNofollow());
    assertFalse(page.metaNoindex());
  }

  @Test
  public void aPlainPageHasNoneOfThem() {
    ParsedPage page =
        HtmlParser.parse("<p>just text</p>".getBytes(StandardCharsets.UTF_8), "UTF-8", BASE, MarkdownMode.MAIN);
    assertNull(page.title());
    assertNull(page.canonicalUrl());
    assertFalse(page.metaNofollow());
    assertTrue(page.languages().isEmpty());
    assertEquals("just text", page.markdown().strip());
  }

  @Test
  public void markdownKeepsTheArticleAndDropsScripts() {
    String html =
        "<body><nav>Menu</nav><main><h1>Heading</h1><p>Some <a href=\"/x\">link</a>.</p>"
            + "<script>alert(1)</script></main><footer>Foot</footer></body>";
    String markdown =
        HtmlParser.parse(html.getBytes(StandardCharsets.UTF_8), "UTF-8", BASE, MarkdownMode.MAIN).markdown();
    assertTrue(markdown, markdown.contains("# Heading"));
    assertTrue(markdown, markdown.contains("[link](http://site.test/x)"));
    assertFalse(markdown, markdown.contains("alert"));
    assertFalse(markdown, markdown.contains("Menu"));
  }

  @Test
  public void binaryIsToldFromTextWhateverItsLabel() {
    assertTrue(ContentTypes.looksBinary(new byte[] {'<', 'p', '>', 0, 1, 2}));
    assertFalse(ContentTypes.looksBinary("<p>caf\u00e9\tok\r\n</p>".getBytes(StandardCharsets.UTF_8)));
    byte[] utf16 = "\uFEFF<title>x</title>".getBytes(StandardCharsets.UTF_16BE);
    assertFalse(ContentTypes.looksBinary(utf16));
    assertEquals("x", HtmlParser.parse(utf16, null, BASE, MarkdownMode.MAIN).title());
  }
}
