package io.beamcrawl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-boosted trees that say how likely a text block is to be main content, from the
 * block's features ({@link ContentBlocks}), read from the model file that
 * {@code scripts/train-main-content} writes. A node goes to its {@code yes} child when the
 * feature is below the node's value (as in XGBoost, which trains them); the leaves' values
 * summed are the log-odds. A block is content at or above the model's threshold, which training
 * chose on pages it held out.
 */
public final class BlockClassifier {

  /** The model shipped with beamcrawl. */
  public static final String RESOURCE = "main-content-model.json";

  private static volatile BlockClassifier shipped;

  /**
   * The trees laid out complete to one depth, as heaps: node {@code i}'s children are
   * {@code 2i+1} (feature below the value) and {@code 2i+2}; a leaf above the bottom is carried
   * down by splits every block passes the same way. So a block takes the same number of steps in
   * every tree, with no branch on where a tree ends.
   */
  private final int depth;
  private final int[] feature;
  private final float[] value;
  private final float[] leaf;
  private final int trees;
  private final float threshold;

  private BlockClassifier(List<Tree> read, float threshold) {
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
    this.threshold = threshold;
  }

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

  /** Reads a model file; its features must be {@link ContentBlocks#FEATURES}, in that order. */
  public static BlockClassifier read(InputStream in) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    List<String> names = new ArrayList<>();
    root.path("features").forEach(name -> names.add(name.asText()));
    if (!names.equals(ContentBlocks.FEATURES)) {
      throw new IllegalStateException("the main-content model was trained on other features ("
          + names + ") than this build computes (" + ContentBlocks.FEATURES
          + "): run scripts/train-main-content");
    }
    List<Tree> trees = new ArrayList<>();
    for (JsonNode tree : root.path("trees")) {
      trees.add(new Tree(ints(tree.path("feature")), floats(tree.path("value")),
          ints(tree.path("yes")), ints(tree.path("no"))));
    }
    if (trees.isEmpty()) {
      throw new IllegalStateException("the main-content model has no trees");
    }
    return new BlockClassifier(trees, (float) root.path("threshold").asDouble());
  }

  /** The threshold at or above which a block is content. */
  public float threshold() {
    return threshold;
  }

  /**
   * The probability of each block being main content. Tree by tree over all the blocks: the
   * walks of one tree for different blocks do not wait on each other, so the processor overlaps
   * them.
   */
  public float[] probabilities(List<ContentBlocks.Block> blocks) {
    int n = blocks.size();
    float[][] x = new float[n][];
    for (int b = 0; b < n; b++) {
      x[b] = blocks.get(b).features();
    }
    float[] margin = new float[n];
    int inner = (1 << depth) - 1;
    for (int t = 0, at = 0; t < trees; t++, at += inner) {
      int leaves = at + t - inner;
      for (int b = 0; b < n; b++) {
        float[] features = x[b];
        int node = 0;
        for (int level = 0; level < depth; level++) {
          node = 2 * node + (features[feature[at + node]] < value[at + node] ? 1 : 2);
        }
        margin[b] += leaf[leaves + node];
      }
    }
    for (int b = 0; b < n; b++) {
      margin[b] = (float) (1 / (1 + Math.exp(-margin[b])));
    }
    return margin;
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
