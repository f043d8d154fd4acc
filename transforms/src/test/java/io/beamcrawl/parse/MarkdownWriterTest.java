package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;

import org.jsoup.Jsoup;
import org.junit.Test;

public class MarkdownWriterTest {

  private static String md(String html) {
    return Markdown.convert(Jsoup.parse("<div>" + html + "</div>", "http://site.test/a/").body().child(0), "http://site.test/a/");
  }

  @Test
  public void headingsParagraphsAndEmphasis() {
    assertEquals(
        "# Title\n\n## Sub *title*\n\nOne **bold** and *slanted* ~~gone~~ word.\n\nTwo",
        md("<h1>Title</h1><h2>Sub <em>title</em></h2><p>One <b>bold</b> and <i>slanted</i> <del>gone</del>"
            + "\n   word.</p><div>Two</div>"));
  }

  @Test
  public void emphasisKeepsItsSpacesOutsideTheMarks() {
    assertEquals("a **b** c", md("<p>a<strong> b </strong>c</p>"));
  }

  @Test
  public void lineBreaksAreHardBreaksInsideAParagraphOnly() {
    assertEquals("a  \nb", md("<p><br>a<br>\n  b<br></p>"));
  }

  @Test
  public void listsNestAndOrderedListsKeepTheirStart() {
    assertEquals(
        "* one\n  * nested\n* two\n\n3. three\n4. four",
        md("<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul><ol start=\"3\"><li>three</li><li>four</li></ol>"));
  }

  @Test
  public void aListItemOfParagraphsIsIndented() {
    assertEquals("1. first\n\n   second", md("<ol><li><p>first</p><p>second</p></li></ol>"));
  }

  @Test
  public void quotesPrefixEveryLine() {
    assertEquals("> quoted\n>\n> more", md("<blockquote><p>quoted</p><p>more</p></blockquote>"));
  }

  @Test
  public void codeBlocksAreFencedWithTheirLanguageAndKeepTheirText() {
    assertEquals(
        "```java\nint x = 1;\n  y(\"*\");\n```",
        md("<pre><code class=\"hljs language-Java\">int x = 1;\n  y(\"*\");\n</code></pre>"));
    assertEquals("```python\nprint(1)\n```", md("<pre class=\"lang-python\">print(1)</pre>"));
    assertEquals("````\na ``` b\n````", md("<pre>a ``` b</pre>"));
    assertEquals("use ``a`b`` or `c*d`", md("<p>use <code>a`b</code> or <code>c*d</code></p>"));
  }

  @Test
  public void tablesHaveAHeaderRowAndEscapedPipes() {
    assertEquals(
        "Costs\n\n| Year | Spend a\\|b |\n|---|---|\n| 2027 | [3m](http://site.test/a/x) |\n| 2028 |  |",
        md("<table><caption>Costs</caption><thead><tr><th>Year</th><th>Spend a|b</th></tr></thead>"
            + "<tbody><tr><td>2027</td><td><a href=\"x\">3m</a></td></tr><tr><td>2028</td></tr></tbody></table>"));
  }

  @Test
  public void aTableInACellIsThatCellsText() {
    assertEquals(
        "| outer | in a in b |\n|---|---|",
        md("<table><tr><td>outer</td><td><table><tr><td>in a</td><td>in b</td></tr></table></td></tr></table>"));
  }

  @Test
  public void linksImagesRulesAndDefinitions() {
    assertEquals(
        "[home](http://site.test/) then ![a dog](http://site.test/a/dog.png) and js\n\n---\n\nTerm\n:   Its meaning",
        md("<p><a href=\"/\">home</a> then <img src=\"dog.png\" alt=\"a dog\"> and <a href=\"javascript:x()\">js</a></p>"
            + "<hr><dl><dt>Term</dt><dd>Its meaning</dd></dl>"));
  }

  @Test
  public void textThatWouldReadAsMarkupIsEscaped() {
    assertEquals(
        "\\# not a heading, a \\*star\\*, \\[brackets\\] and \\_under\\_ but snake_case\n\n1\\. not a list"
            + "\n\n\\- nor this\n\n\\<b> as text",
        md("<p># not a heading, a *star*, [brackets] and _under_ but snake_case</p><p>1. not a list</p>"
            + "<p>- nor this</p><p>&lt;b&gt; as text</p>"));
  }

  @Test
  public void scriptsStylesAndFormControlsAreLeftOut() {
    assertEquals("kept", md("<script>x()</script><style>p{}</style><p>kept<button>Go</button></p><select><option>o</option></select>"));
  }

  @Test
  public void itsPlainTextIsThePagesText() {
    String html =
        "<h2>Notes</h2><p>Snakes <em>and</em> ladders, 1. and [2]</p><ul><li>a <code>b*c</code></li></ul>"
            + "<table><tr><th>k</th></tr><tr><td>v</td></tr></table>";
    assertEquals("Notes\nSnakes and ladders, 1. and [2]\na b*c\nk v", MarkdownText.plain(md(html)));
  }
}
