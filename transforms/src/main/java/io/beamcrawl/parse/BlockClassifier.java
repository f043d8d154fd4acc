package io.beamcrawl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-boosted trees that say how likely a text block is to be main content, read from the
 * model file that {@code scripts/train-main-content} writes. Two looks: the first reads each
 * block's own features ({@link ContentBlocks}); the second reads them again with what the first
 * said around the block ({@link BlockContext}), so the items of a listing or the posts of a
 * thread are judged together. A node goes to its {@code yes} child when the feature is below the
 * node's value (as in XGBoost, which trains them); the leaves' values summed are the log-odds. A
 * block is content when the second look puts it at or above the model's threshold, which
 * training chose on pages it held out.
 */
public final class BlockClassifier {

  /** The model shipped with beamcrawl. */
  public static final String RESOURCE = "main-content-model.json";

  private static volatile BlockClassifier shipped;

  private final Trees firstLook;
  private final Trees secondLook;
  private final float threshold;

  private BlockClassifier(Trees firstLook, Trees secondLook, float threshold) {
    this.firstLook = firstLook;
    this.secondLook = secondLook;
    this.threshold = threshold;
  }

  /**
   * Trees laid out complete to one depth, as heaps: node {@code i}'s children are {@code 2i+1}
   * (feature below the value) and {@code 2i+2}; a leaf above the bottom is carried down by splits
   * every block passes the same way. So a block takes the same number of steps in every tree,
   * with no branch on where a tree ends.
   */
  private static final class Trees {
    private final int depth;
    private final int[] feature;
    private final float[] value;
    private final float[] leaf;
    private final int trees;
    /**
     * The most and the least that trees {@code t} onwards can add to a margin: {@code mostFrom[t]}
     * and {@code leastFrom[t]}, with {@code [trees]} zero.
     */
    private final float[] mostFrom;
    private final float[] leastFrom;

    Trees(List<Tree> read) {
      int deepest = 0;
      for (Tree tree : read) {
        deepest = Math.max(deepest, tree.depth(0));
      }
      this.depth = deepest;
      this.trees = read.size();
      int inner = (1 << depth) - 1;
      this.feature = new int[trees * inner];
      this.value = new float[trees * inner];
      this.leaf = new float[trees * (inner + 1)];
      for (int t = 0; t < trees; t++) {
        read.get(t).layOut(0, 0, 0, depth, t * inner, feature, value, t * (inner + 1), leaf);
      }
      this.mostFrom = new float[trees + 1];
      this.leastFrom = new float[trees + 1];
      double most = 0;
      double least = 0;
      for (int t = trees - 1; t >= 0; t--) {
        float high = Float.NEGATIVE_INFINITY;
        float low = Float.POSITIVE_INFINITY;
        for (int i = t * (inner + 1); i < (t + 1) * (inner + 1); i++) {
          high = Math.max(high, leaf[i]);
          low = Math.min(low, leaf[i]);
        }
        most += high;
        least += low;
        mostFrom[t] = (float) most;
        leastFrom[t] = (float) least;
      }
    }

    /** The probability of each row. */
    float[] probabilities(float[][] rows) {
      float[] margin = margins(rows, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
      for (int b = 0; b < margin.length; b++) {
        margin[b] = probability(margin[b]);
      }
      return margin;
    }

    /** Whether each row's probability is at or above {@code threshold}. */
    boolean[] atOrAbove(float[][] rows, float threshold) {
      float margin = (float) Math.log(threshold / (1 - threshold));
      float[] margins = margins(rows, margin + SETTLED, margin - SETTLED);
      boolean[] above = new boolean[rows.length];
      for (int b = 0; b < above.length; b++) {
        above[b] = probability(margins[b]) >= threshold;
      }
      return above;
    }

    /** What each row is {@link BlockContext#say said} to be. */
    float[] says(float[][] rows) {
      float[] margin = margins(rows, BlockContext.SURE, -BlockContext.SURE);
      for (int b = 0; b < margin.length; b++) {
        margin[b] = BlockContext.say(margin[b]);
      }
      return margin;
    }

    /**
     * Each row's margin, the trees walked four rows side by side: a walk down a tree is a chain
     * of loads each waiting on the one before, and four chains at once keep the processor busy.
     * Every few trees, a row whose margin is sure to end above {@code above} or below
     * {@code below}, whatever the trees left add or take away, is settled: given an infinite
     * margin on its side, and the trees after are walked for the others only.
     */
    private float[] margins(float[][] x, float above, float below) {
      int n = x.length;
      int[] open = new int[n];
      for (int b = 0; b < n; b++) {
        open[b] = b;
      }
      int left = n;
      float[] margin = new float[n];
      int inner = (1 << depth) - 1;
      for (int t = 0; t < trees && left > 0; t++) {
        int at = t * inner;
        int leaves = t * (inner + 1);
        int fours = left - left % 4;
        for (int a = 0; a < fours; a += 4) {
          float[] x0 = x[open[a]];
          float[] x1 = x[open[a + 1]];
          float[] x2 = x[open[a + 2]];
          float[] x3 = x[open[a + 3]];
          int n0 = 0;
          int n1 = 0;
          int n2 = 0;
          int n3 = 0;
          for (int level = 0; level < depth; level++) {
            n0 = 2 * n0 + (x0[feature[at + n0]] < value[at + n0] ? 1 : 2);
            n1 = 2 * n1 + (x1[feature[at + n1]] < value[at + n1] ? 1 : 2);
            n2 = 2 * n2 + (x2[feature[at + n2]] < value[at + n2] ? 1 : 2);
            n3 = 2 * n3 + (x3[feature[at + n3]] < value[at + n3] ? 1 : 2);
          }
          margin[open[a]] += leaf[leaves + n0 - inner];
          margin[open[a + 1]] += leaf[leaves + n1 - inner];
          margin[open[a + 2]] += leaf[leaves + n2 - inner];
          margin[open[a + 3]] += leaf[leaves + n3 - inner];
        }
        for (int a = fours; a < left; a++) {
          margin[open[a]] += leaf[leaves + leafOf(x[open[a]], at)];
        }
        if ((t + 1) % TREES_BETWEEN_SETTLING == 0) {
          int stillOpen = 0;
          for (int a = 0; a < left; a++) {
            int b = open[a];
            if (margin[b] + leastFrom[t + 1] > above) {
              margin[b] = Float.POSITIVE_INFINITY;
            } else if (margin[b] + mostFrom[t + 1] < below) {
              margin[b] = Float.NEGATIVE_INFINITY;
            } else {
              open[stillOpen++] = b;
            }
          }
          left = stillOpen;
        }
      }
      return margin;
    }

    /** The leaf a row reaches in the tree whose nodes start at {@code at}: 0 for the leftmost. */
    private int leafOf(float[] features, int at) {
      int node = 0;
      for (int level = 0; level < depth; level++) {
        node = 2 * node + (features[feature[at + node]] < value[at + node] ? 1 : 2);
      }
      return node - ((1 << depth) - 1);
    }
  }

  /** Trees walked between the points where rows may be settled. */
  private static final int TREES_BETWEEN_SETTLING = 5;

  /**
   * How far past the threshold a margin must be to be settled before its last tree: far more than
   * summing in another order could move it.
   */
  private static final float SETTLED = 0.01f;

  /** One tree as read: parallel arrays by node id; a leaf has feature -1 and its value. */
  private record Tree(int[] feature, float[] value, int[] yes, int[] no) {
    int depth(int node) {
      return feature[node] < 0 ? 0 : 1 + Math.max(depth(yes[node]), depth(no[node]));
    }

    void layOut(int node, int slot, int level, int depth, int innerAt, int[] features,
        float[] values, int leafAt, float[] leaves) {
      if (level == depth) {
        leaves[leafAt + slot - ((1 << depth) - 1)] = value[node];
        return;
      }
      boolean isLeaf = feature[node] < 0;
      // A leaf above the bottom: a split every block passes to the left, down to the bottom.
      features[innerAt + slot] = isLeaf ? 0 : feature[node];
      values[innerAt + slot] = isLeaf ? Float.POSITIVE_INFINITY : value[node];
      layOut(isLeaf ? node : yes[node], 2 * slot + 1, level + 1, depth, innerAt, features, values, leafAt, leaves);
      layOut(isLeaf ? node : no[node], 2 * slot + 2, level + 1, depth, innerAt, features, values, leafAt, leaves);
    }
  }

  /** The classifier shipped in beamcrawl's jar, read once. */
  public static BlockClassifier shipped() {
    BlockClassifier model = shipped;
    if (model == null) {
      synchronized (BlockClassifier.class) {
        if (shipped == null) {
          try (InputStream in = BlockClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("the main-content model " + RESOURCE
                  + " is not in the jar: rebuild beamcrawl (or run scripts/train-main-content)");
            }
            shipped = read(in);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the main-content model " + RESOURCE, e);
          }
        }
        model = shipped;
      }
    }
    return model;
  }

  /**
   * Reads a model file; its features must be {@link ContentBlocks#FEATURES} and its context
   * features {@link BlockContext#FEATURES}, in that order.
   */
  public static BlockClassifier read(InputStream in) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    expect(root, "features", ContentBlocks.FEATURES);
    expect(root, "context_features", BlockContext.FEATURES);
    return new BlockClassifier(trees(root, "trees"), trees(root, "context_trees"),
        (float) root.path("threshold").asDouble());
  }

  private static void expect(JsonNode root, String field, List<String> computed) {
    List<String> names = new ArrayList<>();
    root.path(field).forEach(name -> names.add(name.asText()));
    if (!names.equals(computed)) {
      throw new IllegalStateException("the main-content model was trained on other " + field
          + " (" + names + ") than this build computes (" + computed
          + "): run scripts/train-main-content");
    }
  }

  private static Trees trees(JsonNode root, String field) {
    List<Tree> trees = new ArrayList<>();
    for (JsonNode tree : root.path(field)) {
      trees.add(new Tree(ints(tree.path("feature")), floats(tree.path("value")),
          ints(tree.path("yes")), ints(tree.path("no"))));
    }
    if (trees.isEmpty()) {
      throw new IllegalStateException("the main-content model has no " + field);
    }
    return new Trees(trees);
  }

  /** The threshold at or above which a block is content. */
  public float threshold() {
    return threshold;
  }

  /** The probability of each block being main content. */
  public float[] probabilities(List<ContentBlocks.Block> blocks) {
    return secondLook.probabilities(secondLookRows(blocks));
  }

  /** Whether each block is content: its {@link #probabilities probability} at or above the threshold. */
  public boolean[] content(List<ContentBlocks.Block> blocks) {
    return secondLook.atOrAbove(secondLookRows(blocks), threshold);
  }

  private float[][] secondLookRows(List<ContentBlocks.Block> blocks) {
    float[][] own = new float[blocks.size()][];
    for (int b = 0; b < own.length; b++) {
      own[b] = blocks.get(b).features();
    }
    return BlockContext.rows(blocks, firstLook.says(own));
  }

  private static float probability(float margin) {
    return (float) (1 / (1 + Math.exp(-margin)));
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
