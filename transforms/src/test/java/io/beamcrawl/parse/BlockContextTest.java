package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.jsoup.Jsoup;
import org.junit.Test;

public class BlockContextTest {

  private static float feature(float[] row, String name) {
    return row[ContentBlocks.FEATURES.size() + BlockContext.FEATURES.indexOf(name)];
  }

  @Test
  public void whatIsSaidAroundABlockIsItsNeighboursShareWeighedByTheirCharacters() {
    // Four items of a listing (four characters each), then a paragraph of eight.
    List<ContentBlocks.Block> blocks = ContentBlocks.of(Jsoup.parse("<body><div id=\"list\">"
        + "<div class=\"item\"><p>aaaa</p></div><div class=\"item\"><p>bbbb</p></div>"
        + "<div class=\"item\"><p>cccc</p></div><div class=\"item\"><p>dddd</p></div></div>"
        + "<p>eeeeeeee</p></body>"));
    assertEquals(5, blocks.size());
    float[][] rows = BlockContext.rows(blocks, new float[] {1, 0.5f, 0, 0.5f, 0.25f});

    float[] first = rows[0];
    assertEquals(blocks.get(0).features()[0], first[0], 0);
    assertEquals(1, feature(first, "first_look"), 1e-6);
    assertEquals(1, feature(first, "unit_say"), 1e-6);
    assertEquals(1, feature(first, "parent_say"), 1e-6);
    // The list: (4 * 1 + 4 * 0.5 + 4 * 0 + 4 * 0.5) / 16.
    assertEquals(0.5, feature(first, "container_say"), 1e-6);
    assertEquals(0.5, feature(first, "grandparent_say"), 1e-6);
    assertEquals(1, feature(first, "container_most"), 1e-6);
    // The two blocks after it: (4 * 0.5 + 4 * 0) / 8.
    assertEquals(0.25, feature(first, "window_say"), 1e-6);
    // The page: (16 * 0.5 + 8 * 0.25) / 24.
    assertEquals(10 / 24.0, feature(first, "page_say"), 1e-6);
    assertEquals(1, feature(first, "page_most"), 1e-6);

    // The paragraph after the list repeats nothing: its unit and container are itself.
    float[] last = rows[4];
    assertEquals(0.25, feature(last, "unit_say"), 1e-6);
    assertEquals(0.25, feature(last, "container_say"), 1e-6);
  }

  @Test
  public void anArticlesBodySitsWithItsHeadlineAndTheTeasersAfterItDoNot() {
    List<ContentBlocks.Block> blocks = ContentBlocks.of(Jsoup.parse("<title>Big news</title>"
        + "<body><div id=\"page\"><article><h1>Big news</h1><p>What happened, at length.</p>"
        + "</article><section><div class=\"item\"><p>Another story</p></div>"
        + "<div class=\"item\"><p>One more story</p></div></section></div></body>"));
    assertEquals(4, blocks.size());
    float[] saidAll = {1, 1, 1, 1};
    float[][] rows = BlockContext.rows(blocks, saidAll);

    float body = feature(rows[1], "depth_shared_with_headline");
    float teaser = feature(rows[2], "depth_shared_with_headline");
    assertTrue("body " + body + ", teaser " + teaser, body > teaser);
    assertEquals(1, feature(rows[0], "depth_shared_with_headline"), 1e-6);
    // The body and its headline share the article: its characters' share of the page's.
    float page = 0;
    for (ContentBlocks.Block block : blocks) {
      page += block.chars();
    }
    assertEquals((blocks.get(0).chars() + blocks.get(1).chars()) / page,
        feature(rows[1], "headline_region_share"), 1e-6);
    // A teaser and the headline share the whole page.
    assertEquals(1, feature(rows[3], "headline_region_share"), 1e-6);
  }

  @Test
  public void withoutAHeadlineNoBlockStandsToOne() {
    List<ContentBlocks.Block> blocks = ContentBlocks.of(Jsoup.parse("<title>Elsewhere</title>"
        + "<body><h1>Big news</h1><p>What happened, at length.</p></body>"));
    float[][] rows = BlockContext.rows(blocks, new float[] {1, 1});
    for (float[] row : rows) {
      assertEquals(0, feature(row, "depth_shared_with_headline"), 0);
      assertEquals(0, feature(row, "headline_region_share"), 0);
    }
  }

  @Test
  public void aSureFirstLookSaysNoMore() {
    assertEquals(BlockContext.say(BlockContext.SURE), BlockContext.say(100), 0);
    assertEquals(BlockContext.say(-BlockContext.SURE), BlockContext.say(-100), 0);
    assertEquals(0.5, BlockContext.say(0), 1e-6);
  }
}
