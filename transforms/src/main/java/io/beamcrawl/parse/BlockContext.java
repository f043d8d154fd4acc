package io.beamcrawl.parse;

import java.util.List;

/**
 * What a first look at every block of a page says around each one: the share of content the
 * first look sees in the element that holds it and the ones above, in its repeated unit and the
 * unit's container, beside it and in the whole page. Read by the classifier's second look, so a
 * block can be kept for what is kept around it: every item of a listing once its first items
 * are, every answer of a thread once the question is. Each share is what the first look says
 * of the blocks ({@link #say}), weighed by their characters. And where the block stands to the
 * page's headline: an article's body sits with its headline, the teasers laid out after it as a
 * listing's items do not.
 */
public final class BlockContext {

  /** The features' names, in the order of {@link #rows}' rows after the block's own. */
  public static final List<String> FEATURES =
      List.of(
          "first_look", "own_say", "parent_say", "parent_most", "grandparent_say",
          "grandparent_most", "great_grandparent_say", "unit_say", "container_say",
          "container_most", "window_say", "page_say", "page_most", "depth_shared_with_headline",
          "headline_region_share");

  /**
   * A margin (log-odds) beyond which the first look is sure and says no more: the trees can stop
   * walking a block as soon as it is sure to end beyond.
   */
  public static final float SURE = 4;

  /** What the first look says of a block from its margin: its probability, held within sure. */
  public static float say(float margin) {
    return (float) (1 / (1 + Math.exp(-Math.max(-SURE, Math.min(SURE, margin)))));
  }

  /** Neighbours on each side read as the block's window. */
  private static final int WINDOW = 2;

  private static final int TITLE_LIKE = ContentBlocks.FEATURES.indexOf("title_like");
  private static final int TAG_H1 = ContentBlocks.FEATURES.indexOf("tag_h1");

  private BlockContext() {}

  /**
   * Each block's features followed by what the first look says around it ({@code firstLook}:
   * its {@link #say} of each block).
   */
  public static float[][] rows(List<ContentBlocks.Block> blocks, float[] firstLook) {
    int n = blocks.size();
    if (n == 0) {
      return new float[0][];
    }
    int[] parents = blocks.get(0).parents();
    float[] said = new float[parents.length];
    float[] chars = new float[parents.length];
    float[] most = new float[parents.length];
    for (int b = 0; b < n; b++) {
      ContentBlocks.Block block = blocks.get(b);
      said[block.number()] = firstLook[b] * block.chars();
      chars[block.number()] = block.chars();
      most[block.number()] = firstLook[b];
    }
    // Children's numbers are above their parents': summed from the last, each is complete when
    // it is added to its parent.
    for (int e = parents.length - 1; e > 0; e--) {
      int parent = parents[e];
      said[parent] += said[e];
      chars[parent] += chars[e];
      most[parent] = Math.max(most[parent], most[e]);
    }
    int[] depth = new int[parents.length];
    for (int e = 1; e < parents.length; e++) {
      depth[e] = depth[parents[e]] + 1;
    }
    int headline = headline(blocks);
    int width = ContentBlocks.FEATURES.size();
    float[][] rows = new float[n][];
    for (int b = 0; b < n; b++) {
      ContentBlocks.Block block = blocks.get(b);
      int own = block.number();
      int parent = parents[own];
      int grandparent = parent < 0 ? -1 : parents[parent];
      int greatGrandparent = grandparent < 0 ? -1 : parents[grandparent];
      float[] row = new float[width + FEATURES.size()];
      System.arraycopy(block.features(), 0, row, 0, width);
      int k = width;
      row[k++] = firstLook[b];
      row[k++] = share(said, chars, own);
      row[k++] = share(said, chars, parent);
      row[k++] = parent < 0 ? 0 : most[parent];
      row[k++] = share(said, chars, grandparent);
      row[k++] = grandparent < 0 ? 0 : most[grandparent];
      row[k++] = share(said, chars, greatGrandparent);
      if (block.containerLevel() == 0) {
        row[k++] = firstLook[b];
        row[k++] = firstLook[b];
        row[k++] = firstLook[b];
      } else {
        int unit = own;
        for (int level = 1; level < block.containerLevel(); level++) {
          unit = parents[unit];
        }
        int container = parents[unit];
        row[k++] = share(said, chars, unit);
        row[k++] = share(said, chars, container);
        row[k++] = most[container];
      }
      float windowSaid = 0;
      float windowChars = 0;
      for (int j = Math.max(0, b - WINDOW); j <= Math.min(n - 1, b + WINDOW); j++) {
        if (j != b) {
          windowSaid += firstLook[j] * blocks.get(j).chars();
          windowChars += blocks.get(j).chars();
        }
      }
      row[k++] = windowChars == 0 ? 0 : windowSaid / windowChars;
      row[k++] = chars[0] == 0 ? 0 : said[0] / chars[0];
      row[k++] = most[0];
      int shared = headline < 0 ? -1 : commonAncestor(parents, depth, own, headline);
      row[k++] = shared < 0 || depth[own] == 0 ? 0 : (float) depth[shared] / depth[own];
      row[k++] = shared < 0 || said[0] == 0 ? 0 : said[shared] / said[0];
      rows[b] = row;
    }
    return rows;
  }

  /**
   * The element of the page's headline: its first {@code h1} the title holds, else its first
   * block the title holds; -1 when there is none.
   */
  private static int headline(List<ContentBlocks.Block> blocks) {
    int first = -1;
    for (ContentBlocks.Block block : blocks) {
      float[] x = block.features();
      if (x[TITLE_LIKE] > 0) {
        if (x[TAG_H1] > 0) {
          return block.number();
        }
        if (first < 0) {
          first = block.number();
        }
      }
    }
    return first;
  }

  /** The deepest element holding both {@code a} and {@code b}, by their elements' depths. */
  private static int commonAncestor(int[] parents, int[] depth, int a, int b) {
    while (depth[a] > depth[b]) {
      a = parents[a];
    }
    while (depth[b] > depth[a]) {
      b = parents[b];
    }
    while (a != b) {
      a = parents[a];
      b = parents[b];
    }
    return a;
  }

  private static float share(float[] said, float[] chars, int number) {
    return number < 0 || chars[number] == 0 ? 0 : said[number] / chars[number];
  }
}
