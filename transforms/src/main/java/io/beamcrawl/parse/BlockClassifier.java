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

  private final Tree[] trees;
  private final float threshold;

  /** One tree as parallel arrays: a leaf has feature -1 and its value in {@code value}. */
  private record Tree(int[] feature, float[] value, int[] yes, int[] no) {
    float leaf(float[] x) {
      int node = 0;
      while (feature[node] >= 0) {
        node = x[feature[node]] < value[node] ? yes[node] : no[node];
      }
      return value[node];
    }
  }

  private BlockClassifier(Tree[] trees, float threshold) {
    this.trees = trees;
    this.threshold = threshold;
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
    return new BlockClassifier(trees.toArray(Tree[]::new), (float) root.path("threshold").asDouble());
  }

  /** The threshold at or above which a block is content. */
  public float threshold() {
    return threshold;
  }

  /** The probability that a block with these features is main content. */
  public float probability(float[] features) {
    float margin = 0;
    for (Tree tree : trees) {
      margin += tree.leaf(features);
    }
    return (float) (1 / (1 + Math.exp(-margin)));
  }

  /** Whether each block is main content. */
  public boolean[] classify(List<ContentBlocks.Block> blocks) {
    boolean[] content = new boolean[blocks.size()];
    for (int i = 0; i < content.length; i++) {
      content[i] = probability(blocks.get(i).features()) >= threshold;
    }
    return content;
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
