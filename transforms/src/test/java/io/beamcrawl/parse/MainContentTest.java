package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.Test;

public class MainContentTest {

  private static final String BASE = "http://site.test/news/story";

  private static final String ARTICLE =
      "<p>The council voted on Tuesday to rebuild the old harbour wall, which storms breached twice"
          + " last winter.</p>"
          + "<p>Work starts in spring and should take two years, according to the harbour master,"
          + " who called the vote long overdue.</p>"
          + "<p>The new wall will be a metre higher than the old one and built of granite from the"
          + " quarry up the valley, which closed ten years ago and will reopen for the work.</p>"
          + "<p>Engineers who surveyed the wall in January found that the sea had washed out the"
          + " rubble core behind the facing stones along a third of its length.</p>"
          + "<p>Until the work is done, boats will moor in the outer basin, and the slipway will"
          + " be closed at high tide on days with a strong westerly wind.</p>"
          + "<p>Fishermen, who lost boats in the storms, said they would watch the budget closely.</p>";

  /**
   * A page as sites make them: a header with the site's menu, an article, a footer; extra markup
   * around the article, and inside it before its last paragraph.
   */
  private static String page(String around, String inside) {
    StringBuilder menu = new StringBuilder("<nav><ul>");
    for (String section : new String[] {"News", "Sport", "Business", "Weather", "Opinion",
        "Culture", "Travel", "Contact us"}) {
      menu.append("<li><a href=\"/").append(section.toLowerCase()).append("\">").append(section)
          .append("</a></li>");
    }
    return "<html><head><title>Harbour wall to be rebuilt | The Gazette</title></head><body>"
        + "<header><a href=\"/\">The Gazette</a>" + menu + "</ul></nav></header>"
        + around
        + "<main><article><h1>Harbour wall to be rebuilt</h1>"
        + "<p class=\"byline\">By Ann Other, 3 March 2026</p>"
        + ARTICLE.substring(0, ARTICLE.lastIndexOf("<p>"))
        + inside
        + ARTICLE.substring(ARTICLE.lastIndexOf("<p>"))
        + "</article></main>"
        + "<footer><p>Copyright 2026 The Gazette. All rights reserved.</p>"
        + "<a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></footer></body></html>";
  }

  private static String main(String html) {
    return Markdown.fromHtml(Jsoup.parse(html, BASE), MarkdownMode.MAIN);
  }

  private static String full(String html) {
    return Markdown.fromHtml(Jsoup.parse(html, BASE), MarkdownMode.FULL);
  }

  private static void assertArticleWithout(String markdown, String... boilerplate) {
    assertTrue(markdown, markdown.contains("rebuild the old harbour wall"));
    assertTrue(markdown, markdown.contains("watch the budget closely"));
    for (String text : boilerplate) {
      assertFalse(text + " left in:\n" + markdown, markdown.contains(text));
    }
  }

  @Test
  public void navigationIsDropped() {
    String html =
        page(
            "<nav><a href=\"/world\">World news</a> <a href=\"/sport\">Sport pages</a></nav>"
                + "<div class=\"main-menu\"><a href=\"/a\">Arts</a> <a href=\"/b\">Business</a></div>",
            "<div class=\"breadcrumbs\"><a href=\"/\">Home</a> › <a href=\"/news\">Local</a></div>");
    assertArticleWithout(main(html), "World news", "Arts", "Business", "Local");
  }

  @Test
  public void footerIsDropped() {
    String html =
        page("", "<footer><p>Filed under harbours, councils and the weather of this winter.</p></footer>")
            .replace("</body>", "<footer>Copyright The Gazette, all rights reserved, 2026.</footer></body>");
    assertArticleWithout(main(html), "Filed under", "Copyright");
  }

  @Test
  public void cookieBannerIsDropped() {
    String html =
        page(
            "<div id=\"cookieConsent\"><p>We use cookies to give you the best experience on our"
                + " website, and to show you relevant adverts.</p><button>Accept</button></div>",
            "");
    assertArticleWithout(main(html), "We use cookies", "Accept");
  }

  @Test
  public void relatedArticlesAreDropped() {
    // At the article's end, where sites put them.
    String html =
        page("", "").replace("</article>",
            "<div class=\"related-stories\"><h3>More from the coast</h3><p>Lighthouse keeper retires"
                + " after forty years of service on the point.</p></div>"
                + "<ul><li><a href=\"/1\">Ferry timetable changes for the winter</a></li>"
                + "<li><a href=\"/2\">New café opens on the promenade</a></li></ul>"
                + "<article><h3><a href=\"/3\">Beach huts sold at auction</a></h3><p>A row of"
                + " twelve beach huts went for more than anyone expected at the sale.</p></article></article>");
    assertArticleWithout(
        main(html), "More from the coast", "Lighthouse keeper", "Ferry timetable", "Beach huts");
  }

  @Test
  public void aTeaserParagraphThatIsMostlyALinkIsDroppedButALinkInTheTextIsKept() {
    String html =
        page(
            "",
            "<p>Read more: <a href=\"/pier\">Pier closed after storm damage to its supports</a></p>"
                + "<p>The mayor, who <a href=\"/vote\">voted for it</a>, said the wall would last a"
                + " century.</p>");
    String markdown = main(html);
    assertArticleWithout(markdown, "Read more", "Pier closed");
    assertTrue(markdown, markdown.contains("[voted for it](http://site.test/vote)"));
  }

  @Test
  public void shareBarIsDropped() {
    String html =
        page(
            "",
            "<div class=\"social-share\"><a href=\"https://facebook.test/s\">Facebook</a>"
                + "<a href=\"https://x.test/s\">Post on X</a> Share this story with your friends</div>");
    assertArticleWithout(main(html), "Facebook", "Post on X", "Share this story");
  }

  @Test
  public void everyPostOfAThreadIsKept() {
    StringBuilder posts = new StringBuilder();
    String[] replies = {
      "Check the fuel filter first; mine was clogged after two winters and the engine stalled"
          + " exactly like that when it was cold.",
      "It could also be the idle valve. Clean it with carburettor spray and see whether the"
          + " stalling stops before you buy any parts.",
      "Thanks both, it was the filter. The engine has run smoothly for a week now, even on the"
          + " frosty mornings we have had."
    };
    for (int i = 0; i < replies.length; i++) {
      posts.append("<div class=\"post\"><div class=\"author\"><a href=\"/u/").append(i)
          .append("\">member").append(i).append("</a> <span>12 March</span></div><div class=\"body\"><p>")
          .append(replies[i]).append("</p></div></div>");
    }
    String html =
        "<html><head><title>Engine stalls when cold - Boat forum</title></head><body>"
            + "<nav><ul><li><a href=\"/\">Forums</a></li><li><a href=\"/new\">New posts</a></li>"
            + "<li><a href=\"/login\">Log in</a></li><li><a href=\"/register\">Register</a></li></ul></nav>"
            + "<main><h1>Engine stalls when cold</h1><div class=\"thread\"><div class=\"post\">"
            + "<div class=\"author\"><a href=\"/u/9\">skipper</a> <span>11 March</span></div>"
            + "<div class=\"body\"><p>My outboard stalls every morning until it has warmed up for ten"
            + " minutes. What should I look at first?</p></div></div>"
            + posts
            + "</div></main><footer><p>Copyright 2026 Boat forum. All rights reserved.</p>"
            + "<a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></footer></body></html>";
    String markdown = main(html);
    assertTrue(markdown, markdown.contains("stalls every morning"));
    for (String reply : replies) {
      assertTrue(markdown, markdown.contains(reply));
    }
    for (String furniture : new String[] {"New posts", "Register", "All rights reserved", "Privacy"}) {
      assertFalse(furniture + " left in:\n" + markdown, markdown.contains(furniture));
    }
  }

  @Test
  public void postsServedOnlyToClientsWithoutScriptsAreRead() {
    // Some forums render a thread with scripts and serve its posts in a noscript for crawlers.
    String html = "<html><head><title>Outboard stalls when cold | Boat Forum</title></head><body>"
        + "<header><a href=\"/\">Boat Forum</a><nav><a href=\"/engines\">Engines</a>"
        + " <a href=\"/sails\">Sails</a> <a href=\"/login\">Log in</a></nav></header><main>"
        + "<div id=\"app\"></div><noscript><h1>Outboard stalls when cold</h1><div class=\"posts\">"
        + "<div class=\"post\"><p>The outboard stalls every cold morning until it has run for"
        + " ten minutes, and I would like to know where to start looking before the season.</p>"
        + "</div><div class=\"post\"><p>Start with the fuel filter, which clogs after a couple of"
        + " winters and starves the engine exactly like that when it is cold.</p></div>"
        + "<div class=\"post\"><p>Mine did the same until I replaced the primer bulb, which had"
        + " cracked and let air into the line whenever the engine sat overnight.</p></div>"
        + "</div></noscript></main><footer><p>Copyright 2026 Boat Forum.</p></footer></body></html>";
    String markdown = main(html);
    assertTrue(markdown, markdown.contains("stalls every cold morning"));
    assertTrue(markdown, markdown.contains("Start with the fuel filter"));
    assertTrue(markdown, markdown.contains("replaced the primer bulb"));
    assertFalse(markdown, markdown.contains("Log in"));
  }

  @Test
  public void aBodyStreamedInAHiddenElementIsReadAndASmallHiddenOneIsNot() {
    // React's streaming puts the page's text in a hidden div that a script then shows.
    String streamed = page("", ARTICLE + ARTICLE).replace("<main>", "<div hidden id=\"S:0\"><main>")
        .replace("</main>", "</main></div>");
    assertArticleWithout(main(streamed), "Contact us", "All rights reserved");
    String menu = page("<div hidden><p>Sign in to see your saved articles and the newsletters you"
        + " follow.</p></div>", "");
    assertArticleWithout(main(menu), "saved articles");
  }

  @Test
  public void aPageHiddenUntilItsScriptsRunOrBehindAnOpenDialogIsRead() {
    // A shop that hides the product until its scripts have run.
    String styled = page("", ARTICLE + ARTICLE + ARTICLE)
        .replace("<main>", "<div style=\"display: none\"><main>").replace("</main>", "</main></div>");
    assertArticleWithout(main(styled), "Contact us", "All rights reserved");
    // A page saved with its consent dialog open: the dialog hides the rest from screen readers.
    String dialog = page("<div role=\"dialog\" aria-modal=\"true\"><p>We use cookies to improve"
        + " your experience.</p></div>", ARTICLE + ARTICLE + ARTICLE)
        .replace("<main>", "<main aria-hidden=\"true\">");
    assertArticleWithout(main(dialog), "Contact us", "All rights reserved");
  }

  @Test
  public void textLaidOutTwiceIsKeptOnce() {
    // One copy for wide screens, one for narrow: the page says it once.
    String twice = "<div class=\"desktop\"><p>Engineers who surveyed the wall in January found that"
        + " the sea had washed out the rubble core.</p></div><div class=\"mobile\"><p>Engineers who"
        + " surveyed the wall in January found that the sea had washed out the rubble core.</p></div>";
    String markdown = main(page("", twice));
    assertArticleWithout(markdown, "Contact us");
    String sentence = "the sea had washed out the rubble core.";
    assertEquals(markdown, 1, markdown.split(Pattern.quote(sentence), -1).length - 1);
  }

  @Test
  public void aBodyHiddenUntilAScriptRunsIsStillPruned() {
    // Sites hide the body against a flash of unstyled content; a crawler reads it as it is.
    String html = page("", "").replace("<body>", "<body style=\"visibility: hidden\">");
    assertArticleWithout(main(html), "Contact us", "All rights reserved");
  }

  @Test
  public void anEmptyCellKeepsTheCellsAfterItInTheirColumns() {
    String html = page("", "<table><tr><th>Year</th><th>Note</th><th>Spend</th></tr>"
        + "<tr><td>2027</td><td></td><td>3 million</td></tr>"
        + "<tr><td>2028</td><td>&nbsp;</td><td>2 million</td></tr></table>");
    String markdown = main(html);
    assertTrue(markdown, markdown.contains("| 2027 |  | 3 million |"));
    assertTrue(markdown, markdown.contains("| 2028 |  | 2 million |"));
  }

  @Test
  public void sidebarIsDropped() {
    String html =
        page(
            "<aside><p>Most read today: the mayor explains her plans for the summer festival.</p></aside>"
                + "<div class=\"sidebar\"><p>Subscribe for a year and get a tote bag and a mug with"
                + " the paper's crest.</p></div>",
            "");
    assertArticleWithout(main(html), "Most read", "tote bag");
  }

  @Test
  public void hiddenElementsAreDropped() {
    String html =
        page(
            "",
            "<p hidden>Hidden paragraph text that a reader never sees on the page.</p>"
                + "<div style=\"display: none\">Template for the login dialog shown on demand.</div>"
                + "<p aria-hidden=\"true\">Decorative repeat of the pull quote for screens.</p>");
    assertArticleWithout(main(html), "Hidden paragraph", "login dialog", "Decorative repeat");
  }

  @Test
  public void structureIsKept() {
    String html =
        page(
            "",
            "<h2 id=\"cost\">What it costs</h2><p>The plan, <a href=\"/budget\">published here</a>,"
                + " lists the costs:</p>"
                + "<ul><li>Stone: four million</li><li>Labour: two million</li></ul>"
                + "<table><tr><th>Year</th><th>Spend</th></tr><tr><td>2027</td><td>3m</td></tr></table>"
                + "<pre><code>wall.height = 7.5</code></pre>"
                + "<blockquote><p>It is the best news the harbour has had in a decade.</p></blockquote>"
                + "<figure><img src=\"/img/wall.jpg\" alt=\"The wall\"><figcaption>The breached wall"
                + " in February.</figcaption></figure>");
    String markdown = main(html);
    assertArticleWithout(markdown);
    assertTrue(markdown, markdown.contains("## What it costs\n"));
    assertTrue(markdown, markdown.contains("[published here](http://site.test/budget)"));
    assertTrue(markdown, markdown.contains("* Stone: four million\n* Labour: two million"));
    assertTrue(markdown, markdown.contains("| Year | Spend |"));
    assertTrue(markdown, markdown.contains("|---|---|\n| 2027 | 3m |"));
    assertTrue(markdown, markdown.contains("\n```\nwall.height = 7.5\n```\n"));
    assertTrue(
        markdown,
        markdown.contains("> It is the best news the harbour has had in a decade.\n\n![The wall]"));
    assertTrue(markdown, markdown.contains("![The wall](http://site.test/img/wall.jpg)"));
    assertTrue(full(html), full(html).contains("\nThe breached wall in February."));
  }

  @Test
  public void aPictureInTheTextStaysAndALinkedLogoDoesNot() {
    String html =
        page(
            "<div class=\"logo\"><a href=\"/\"><img src=\"/img/logo.png\" alt=\"Gazette logo\"></a></div>",
            "<div class=\"wp-caption\"><img src=\"/img/pier.jpg\" alt=\"The pier\">"
                + "<p class=\"wp-caption-text\">The pier at low tide.</p></div>");
    String markdown = main(html);
    assertArticleWithout(markdown, "Gazette logo");
    assertTrue(markdown, markdown.contains("![The pier](http://site.test/img/pier.jpg)"));
  }

  @Test
  public void aQuoteFollowedByADivStaysAQuote() {
    String markdown =
        full(page("", "<blockquote><p>Long overdue.</p></blockquote><div>Said the mayor.</div>"));
    assertTrue(markdown, markdown.contains("> Long overdue.\n\nSaid the mayor."));
  }

  @Test
  public void aParagraphThatStartsWithANumberKeepsItAndIsNoList() {
    String markdown =
        full(
            "<p>15) Thriller, the record</p><p>2. Taboo, the game</p><ol><li>First</li></ol>"
                + "<pre><code>1. as typed</code></pre>");
    assertTrue(markdown, markdown.contains("15\\) Thriller, the record\n\n2\\. Taboo, the game"));
    assertTrue(markdown, markdown.contains("1. First"));
    assertTrue(markdown, markdown.contains("```\n1. as typed\n```"));
    String plain = MarkdownText.plain(markdown);
    assertTrue(plain, plain.startsWith("15) Thriller, the record\n2. Taboo, the game\nFirst\n"));
  }

  @Test
  public void theHeadlineThatRepeatsTheTitleIsLeftOut() {
    String html = page("", "");
    assertFalse(main(html), main(html).contains("# Harbour wall to be rebuilt"));
  }

  @Test
  public void aFormAroundThePageKeepsItsText() {
    String html =
        "<html><body><form action=\"/page.aspx\" method=\"post\"><div class=\"nav\"><a href=\"/\">Home</a></div>"
            + "<div id=\"content\">" + ARTICLE + "</div><input type=\"hidden\" name=\"__VIEWSTATE\">"
            + "</form></body></html>";
    String markdown = main(html);
    assertArticleWithout(markdown, "Home");
    assertTrue(full(html), full(html).contains("watch the budget closely"));
  }

  @Test
  public void fullKeepsTheWholeBody() {
    String html =
        page(
            "<nav><a href=\"/world\">World news</a></nav><div class=\"cookie-banner\">We use cookies</div>",
            "<section id=\"comments\"><p>About time too.</p></section><script>track()</script>");
    String markdown = full(html);
    assertArticleWithout(markdown, "track()");
    for (String text : new String[] {"World news", "We use cookies", "About time too", "# Harbour wall"}) {
      assertTrue(text + " missing:\n" + markdown, markdown.contains(text));
    }
  }

  @Test
  public void markdownKeepsThePagesOwnPunctuationWithoutIdsOrHtmlBreaks() {
    String html =
        page("", "<h2 id=\"next\">What's next</h2><p>\"Soon\" -- or so they say...<br>maybe.</p>");
    String markdown = main(html);
    assertTrue(markdown, markdown.contains("## What's next\n"));
    assertTrue(markdown, markdown.contains("\"Soon\" -- or so they say..."));
    assertFalse(markdown, markdown.contains("{#"));
    assertFalse(markdown, markdown.contains("<br"));
  }

  @Test
  public void theArticleIsChosenOverALongerListOfTeasers() {
    StringBuilder teasers = new StringBuilder("<div class=\"stream\">");
    for (int i = 0; i < 6; i++) {
      teasers.append("<div><a href=\"/t").append(i).append("\">Teaser headline number ").append(i)
          .append(" about something else</a></div>");
    }
    assertArticleWithout(main(page(teasers + "</div>", "")), "Teaser headline");
  }

  @Test
  public void namesAreMatchedOnWholeWords() {
    assertTrue(BoilerplateNames.anyToken("relatedPosts"));
    assertTrue(BoilerplateNames.anyToken("post-share-bar"));
    assertTrue(BoilerplateNames.anyToken("site masthead"));
    assertFalse(BoilerplateNames.anyToken("shareholders"));
    assertFalse(BoilerplateNames.anyToken("navigator"));
    assertFalse(BoilerplateNames.anyToken("header-image"));
    assertFalse(BoilerplateNames.anyToken("overflow-hidden"));
  }

  @Test
  public void labelsAreWholeTexts() {
    assertTrue(BoilerplateNames.isLabel("ADVERTISEMENT"));
    assertTrue(BoilerplateNames.isLabel("Share this:"));
    assertFalse(BoilerplateNames.isLabel("Share prices fell"));
    assertTrue(BoilerplateNames.isLabel("DON'T MISS"));
    assertFalse(BoilerplateNames.isLabel("Don't miss the harbour fair"));
  }

  @Test
  public void aPageWithAnEmptyBodyHasNoContent() {
    assertEquals("", main("<html><head><title>Nothing yet</title></head><body></body></html>"));
    assertEquals("", main("<title>Caf\u00e9</title>"));
  }

  @Test
  public void theContentIsACopyAndThePageIsLeftAsItWas() {
    String table = "<table><tr><th>Phase</th><th>What the engineers found</th></tr>"
        + "<tr><td>Survey</td><td>The sea had washed out the core behind the facing stones, as"
        + " <a href=\"/reports/survey\">the survey</a> of January shows in its second part.</td></tr>"
        + "<tr><td>Repair</td><td>The stones will be set again on a new core of concrete, and the"
        + " top raised by a metre along the whole length of the wall.</td></tr></table>";
    Document doc = Jsoup.parse(page("", table), BASE);
    doc.select("tr").forEach(row -> row.children()); // as a rule or a writer might have read them
    String before = doc.outerHtml();
    String markdown = Markdown.fromHtml(doc, MarkdownMode.MAIN);
    assertTrue(markdown, markdown.contains("[the survey](http://site.test/reports/survey)"));
    assertEquals(before, doc.outerHtml());
  }

  @Test
  public void plainTextLeavesOutLinkTargetsAndImages() {
    assertEquals(
        "Read the plan now.\nStone\nLabour",
        MarkdownText.plain(
            "Read [the plan](http://x.test/p) now.![map](http://x.test/m.png)\n\n* Stone\n* Labour"));
  }
}
