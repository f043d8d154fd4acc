package io.beamcrawl.render;

import static org.junit.Assert.assertEquals;

import java.util.Set;
import org.junit.Test;

public class RenderDecisionTest {

  private static final String ARTICLE =
      "A paragraph the server wrote, long enough to be the page's main content on its own. ".repeat(6);

  @Test
  public void aPageWithoutScriptsIsNeverRendered() {
    assertEquals(RenderReason.STATIC_PAGE,
        RenderDecision.of("<html><body><div id=\"root\"></div></body></html>", "", Set.of()));
  }

  @Test
  public void anEmptyAppRootBesideAScriptIsRendered() {
    assertEquals(RenderReason.EMPTY_APP_ROOT,
        RenderDecision.of("<html><body><div id=\"app\"></div><script src=\"/main.js\"></script></body></html>",
            "", Set.of()));
  }

  @Test
  public void aNoscriptAskingForJavaScriptIsRendered() {
    assertEquals(RenderReason.NOSCRIPT_ASKS_FOR_JAVASCRIPT,
        RenderDecision.of("<body><noscript>Please enable JavaScript.</noscript><p>" + ARTICLE
            + "</p><script src=\"/a.js\"></script></body>", ARTICLE, Set.of()));
  }

  @Test
  public void littleContentBesideScriptsIsRendered() {
    assertEquals(RenderReason.LITTLE_CONTENT_WITH_SCRIPTS,
        RenderDecision.of("<body><p>Loading…</p><script src=\"/a.js\"></script></body>", "Loading…", Set.of()));
  }

  @Test
  public void linksHeldInAScriptAreRendered() {
    String html = "<body><p>" + ARTICLE + "</p><script>const routes = ['/docs/a', '/docs/b', \"/docs/c\","
        + " '/app.js', '/style.css'];</script></body>";
    assertEquals(RenderReason.LINKS_IN_SCRIPTS, RenderDecision.of(html, ARTICLE, Set.of()));
    // The same paths as links of the page: the page has them without a browser.
    assertEquals(RenderReason.STATIC_PAGE,
        RenderDecision.of(html, ARTICLE, Set.of("/docs/a", "/docs/b", "/docs/c")));
  }

  @Test
  public void anArticleWithAnAnalyticsScriptIsNotRendered() {
    assertEquals(RenderReason.STATIC_PAGE,
        RenderDecision.of("<head><script async src=\"/analytics.js\"></script>"
            + "<script type=\"application/ld+json\">{\"url\": \"/a/b\", \"x\": \"/c/d\", \"y\": \"/e/f\"}</script>"
            + "</head><body><div id=\"ad-slot\"></div><p>" + ARTICLE + "</p></body>", ARTICLE, Set.of("/")));
  }
}
