package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RobotsDirectivesTest {

  private static final RobotsDirectives NOINDEX = new RobotsDirectives(true, false);
  private static final RobotsDirectives NOFOLLOW = new RobotsDirectives(false, true);
  private static final RobotsDirectives BOTH = new RobotsDirectives(true, true);

  @Test
  public void metaContentIsReadAsTokens() {
    assertEquals(BOTH, RobotsDirectives.ofMeta("NoIndex, NOFOLLOW"));
    assertEquals(BOTH, RobotsDirectives.ofMeta("none"));
    assertEquals(NOFOLLOW, RobotsDirectives.ofMeta("index,nofollow"));
    // A directive that contains "none" or "noindex" in its name or value asks nothing.
    assertEquals(RobotsDirectives.NONE, RobotsDirectives.ofMeta("max-image-preview:none"));
    assertEquals(RobotsDirectives.NONE, RobotsDirectives.ofMeta("noimageindex, nosnippet, noarchive"));
    assertEquals(RobotsDirectives.NONE, RobotsDirectives.ofMeta(""));
  }

  @Test
  public void aHeaderForEveryCrawlerOrOursApplies() {
    assertEquals(NOFOLLOW, RobotsDirectives.ofHeader("nofollow", "beamcrawl"));
    assertEquals(NOINDEX, RobotsDirectives.ofHeader("BeamCrawl: noindex", "beamcrawl"));
    assertEquals(BOTH, RobotsDirectives.ofHeader("beamcrawl: none", "beamcrawl"));
    assertEquals(RobotsDirectives.NONE, RobotsDirectives.ofHeader("otherbot: noindex, nofollow", "beamcrawl"));
    assertEquals(RobotsDirectives.NONE, RobotsDirectives.ofHeader("max-image-preview:none", "beamcrawl"));
    assertEquals(NOINDEX,
        RobotsDirectives.ofHeader("unavailable_after: 25 Jun 2010 15:00:00 PST, noindex", "beamcrawl"));
    assertEquals(NOINDEX, RobotsDirectives.ofHeader("noindex, max-snippet:0", "beamcrawl"));
  }

  @Test
  public void directivesAddUp() {
    assertEquals(BOTH, NOINDEX.and(NOFOLLOW));
    assertEquals(NOINDEX, NOINDEX.and(RobotsDirectives.NONE));
  }
}
