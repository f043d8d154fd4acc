package io.beamcrawl.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamcrawl.parse.BlockClassifier;
import io.beamcrawl.parse.BlockContext;
import io.beamcrawl.parse.ContentBlocks;
import io.beamcrawl.parse.MainContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains the main-content block classifier, both its looks: the second is trained on what
 * first-look models said of pages whose sites they did not see. Pages are split by site into
 * training and validation ({@link Corpus}); the threshold is chosen on training pages out of
 * fold; a model trained on the
 * training split is scored on both splits (per corpus and page type, beside the hand-written
 * rules and the labels themselves); then the model written is that one, or with
 * {@code --every-page} one trained the same way on every page. Each corpus's splits are written
 * as truth files for score.py, and what the fold models keep of its training pages as
 * predictions ({@code CORPUS-out-of-fold.json}).
 *
 * <p>{@code TrainMainContent --model FILE --splits DIR [--rounds N] [--first-rounds N] [--depth N]
 * [--first-depth N] [--eta X] [--seed N] [--every-page] --corpus NAME PAGES_DIR TRUTH.json [--corpus ...]}
 */
public final class TrainMainContent {

  private TrainMainContent() {}

  public static void main(String[] args) throws Exception {
    Path model = null;
    Path splits = null;
    int rounds = 60;
    int firstRounds = 30;
    int firstDepth = 6;
    int depth = 6;
    double eta = 0.3;
    int seed = 1;
    boolean everyPage = false;
    List<Corpus> corpora = new ArrayList<>();
    Map<Corpus, Path> truthFiles = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--splits" -> splits = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--first-rounds" -> firstRounds = Integer.parseInt(args[++i]);
        case "--first-depth" -> firstDepth = Integer.parseInt(args[++i]);
        case "--depth" -> depth = Integer.parseInt(args[++i]);
        case "--eta" -> eta = Double.parseDouble(args[++i]);
        case "--seed" -> seed = Integer.parseInt(args[++i]);
        case "--every-page" -> everyPage = true;
        case "--corpus" -> {
          String name = args[++i];
          Path pages = Path.of(args[++i]);
          Path truth = Path.of(args[++i]);
          System.out.println("reading " + name + " from " + pages);
          Corpus corpus = Corpus.read(name, pages, truth);
          corpora.add(corpus);
          truthFiles.put(corpus, truth);
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: --model FILE --splits DIR [--rounds N] [--first-rounds N] [--depth N] [--first-depth N] [--eta X] [--seed N] [--every-page]"
            + " --corpus NAME PAGES_DIR TRUTH.json ...");
      }
    }
    if (model == null || splits == null || corpora.isEmpty()) {
      throw new IllegalArgumentException("--model, --splits and at least one --corpus are needed");
    }
    for (Corpus corpus : corpora) {
      System.out.printf("%s: %d pages, %d training sites, %d validation sites%n", corpus.name,
          corpus.pages.size(), corpus.sites(false).size(), corpus.sites(true).size());
      writeSplits(corpus, truthFiles.get(corpus), splits);
    }

    List<Corpus.Page> training = new ArrayList<>();
    corpora.forEach(c -> c.pages.stream().filter(p -> !p.validation()).forEach(training::add));
    Params params = new Params(rounds, firstRounds, depth, firstDepth, eta, seed);

    // The first look at each training page by a model that did not see its site, then the
    // threshold that does best on training pages each second look did not see (folds by site).
    Map<Corpus.Page, float[]> firstLook = firstLookOutOfFold(training, params);
    Map<Corpus.Page, float[]> outOfFold = new HashMap<>();
    for (int fold = 0; fold < FOLDS; fold++) {
      int held = fold;
      List<Corpus.Page> rest = training.stream().filter(p -> fold(p.site()) != held).toList();
      Booster foldModel = train(rest, p -> contextRows(p, firstLook), params,
          "second look, fold " + (fold + 1) + " of " + FOLDS);
      for (Corpus.Page page : training) {
        if (fold(page.site()) == held) {
          outOfFold.put(page, predict(foldModel, contextRows(page, firstLook)));
        }
      }
    }
    // The highest threshold within a hair of the best: as good on pages not seen, and it keeps
    // less of what the model doubts.
    Map<Float, Double> byThreshold = new TreeMap<>();
    double best = 0;
    for (int step = 4; step <= 14; step++) {
      float t = step * 0.05f;
      ShingleScore score = new ShingleScore();
      for (Corpus.Page page : training) {
        boolean[] keep = MainContent.contentOf(page.blocks(), above(outOfFold.get(page), t));
        score.add(page.truth(), keptText(page, keep));
      }
      System.out.printf("  threshold %.2f: F1 %.3f on training pages out of fold%n", t, score.f1());
      byThreshold.put(Math.round(t * 100) / 100f, score.f1());
      best = Math.max(best, score.f1());
    }
    float threshold = 0.5f;
    for (Map.Entry<Float, Double> entry : byThreshold.entrySet()) {
      if (entry.getValue() >= best - THRESHOLD_TOLERANCE) {
        threshold = entry.getKey();
      }
    }
    // What the model keeps of training pages it did not see, per corpus, for score.py: where
    // to look for what it gets wrong without looking at the validation pages.
    for (Corpus corpus : corpora) {
      Map<String, Map<String, String>> kept = new TreeMap<>();
      for (Corpus.Page page : corpus.pages) {
        if (!page.validation()) {
          kept.put(page.key(), Map.of("articleBody",
              keptText(page, MainContent.contentOf(page.blocks(), above(outOfFold.get(page), threshold)))));
        }
      }
      new ObjectMapper().writeValue(splits.resolve(corpus.name + "-out-of-fold.json").toFile(), kept);
    }

    Looks split = train(training, firstLook, params, "the training split");
    BlockClassifier splitModel = BlockClassifier.read(new ByteArrayInputStream(modelFile(split, threshold)));
    int rulesKept = ContentBlocks.FEATURES.indexOf("rules_kept");
    System.out.println("F1 of the kept blocks' text (quick figures; score.py gives the reported ones)");
    System.out.println("the hand-written rules alone:");
    report(page -> above(page, f -> f[rulesKept], 0.5f), corpora);
    System.out.println("the labels (the most blocks can give):");
    report(page -> above(page.labels(), 0.5f), corpora);
    System.out.printf("the model trained on the training split, threshold %.2f:%n", threshold);
    report(page -> MainContent.contentOf(page.blocks(), splitModel.content(page.blocks())), corpora);

    List<Corpus.Page> shipped = training;
    if (everyPage) {
      shipped = new ArrayList<>();
      for (Corpus corpus : corpora) {
        shipped.addAll(corpus.pages);
      }
    }
    Looks looks = everyPage
        ? train(shipped, firstLookOutOfFold(shipped, params), params, "every page")
        : split;
    byte[] file = modelFile(looks, threshold);
    BlockClassifier written = BlockClassifier.read(new ByteArrayInputStream(file));
    for (Corpus.Page page : shipped.subList(0, Math.min(CHECKED_PAGES, shipped.size()))) {
      checkSameScores(looks, written, page);
    }
    Files.createDirectories(model.toAbsolutePath().getParent());
    Files.write(model, file);
    System.out.printf("wrote %s: trained on %s (%d pages), threshold %.2f, %d KB%n", model,
        everyPage ? "every page of both splits" : "the training split", shipped.size(), threshold,
        file.length / 1024);
  }

  private static final int FOLDS = 4;

  /** Pages on which the model file must score as XGBoost does before it is written. */
  private static final int CHECKED_PAGES = 20;

  /** How far below the best out-of-fold F1 a higher threshold may be and still be taken. */
  private static final double THRESHOLD_TOLERANCE = 0.005;

  /**
   * The trees' training: {@code rounds} trees of {@code depth} for the second look, fewer for the
   * first, whose say is only a hint to the second.
   */
  record Params(int rounds, int firstRounds, int depth, int firstDepth, double eta, int seed) {
    Params firstLook() {
      return new Params(firstRounds, firstRounds, firstDepth, firstDepth, eta, seed);
    }
  }

  /** The classifier's two looks: at each block, then at it with what the first said around it. */
  record Looks(Booster first, Booster second) {}

  /** Both looks trained on the pages, the second reading what {@code firstLook} said of them. */
  private static Looks train(List<Corpus.Page> pages, Map<Corpus.Page, float[]> firstLook,
      Params params, String what) throws XGBoostError {
    return new Looks(train(pages, TrainMainContent::rows, params.firstLook(), what + ", first look"),
        train(pages, p -> contextRows(p, firstLook), params, what + ", second look"));
  }

  /**
   * What a first look says of each page, by a model that did not see its site: the second look
   * learns from what the first says of pages it has not seen, as it will be at run time.
   */
  private static Map<Corpus.Page, float[]> firstLookOutOfFold(List<Corpus.Page> pages,
      Params params) throws XGBoostError {
    Map<Corpus.Page, float[]> said = new HashMap<>();
    for (int fold = 0; fold < FOLDS; fold++) {
      int held = fold;
      List<Corpus.Page> rest = pages.stream().filter(p -> fold(p.site()) != held).toList();
      Booster foldModel = train(rest, TrainMainContent::rows, params.firstLook(),
          "first look, fold " + (fold + 1) + " of " + FOLDS);
      for (Corpus.Page page : pages) {
        if (fold(page.site()) == held) {
          said.put(page, says(foldModel, rows(page)));
        }
      }
    }
    return said;
  }

  private static float[][] contextRows(Corpus.Page page, Map<Corpus.Page, float[]> firstLook) {
    return BlockContext.rows(page.blocks(), firstLook.get(page));
  }

  private static int fold(String site) {
    return Math.floorMod(site.hashCode() * 31 + 7, FOLDS);
  }

  private static float[][] rows(Corpus.Page page) {
    float[][] rows = new float[page.blocks().size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = page.blocks().get(i).features();
    }
    return rows;
  }

  private static float[] predict(Booster booster, float[][] rows) throws XGBoostError {
    if (rows.length == 0) {
      return new float[0];
    }
    float[][] p = booster.predict(matrix(rows));
    float[] out = new float[rows.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = p[i][0];
    }
    return out;
  }

  /** What a first look says of each row ({@link BlockContext#say}). */
  private static float[] says(Booster booster, float[][] rows) throws XGBoostError {
    if (rows.length == 0) {
      return new float[0];
    }
    float[][] margins = booster.predict(matrix(rows), true);
    float[] out = new float[rows.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = BlockContext.say(margins[i][0]);
    }
    return out;
  }

  private static DMatrix matrix(float[][] rows) throws XGBoostError {
    int width = rows.length == 0 ? 0 : rows[0].length;
    float[] data = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, data, i * width, width);
    }
    return new DMatrix(data, rows.length, width, Float.NaN);
  }

  private static Booster train(List<Corpus.Page> pages, Function<Corpus.Page, float[][]> rowsOf,
      Params p, String what) throws XGBoostError {
    List<float[]> rows = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    List<Float> weights = new ArrayList<>();
    for (Corpus.Page page : pages) {
      int expected = Math.max(20, Words.of(page.truth()).size());
      float[][] pageRows = rowsOf.apply(page);
      for (int i = 0; i < page.blocks().size(); i++) {
        int words = ContentLabels.words(page.blocks().get(i));
        if (words == 0) {
          continue;
        }
        rows.add(pageRows[i]);
        labels.add(page.labels()[i] >= 0.5f ? 1f : 0f);
        // Every page weighs the same in the score, and a block as much as its words do.
        weights.add(Math.min(1f, words / (float) expected));
      }
    }
    DMatrix matrix = matrix(rows.toArray(float[][]::new));
    matrix.setLabel(toArray(labels));
    matrix.setWeight(toArray(weights));
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("base_score", 0.5);
    params.put("max_depth", p.depth());
    params.put("eta", p.eta());
    params.put("subsample", 0.8);
    params.put("colsample_bytree", 0.8);
    params.put("min_child_weight", 0.5);
    params.put("lambda", 1.0);
    params.put("seed", p.seed());
    params.put("nthread", Runtime.getRuntime().availableProcessors());
    System.out.printf("training on %s: %d blocks of %d pages, %d rounds of depth %d%n",
        what, rows.size(), pages.size(), p.rounds(), p.depth());
    return XGBoost.train(matrix, params, p.rounds(), new HashMap<>(), null, null);
  }

  /** The trees in beamcrawl's model format: per tree, parallel arrays by node id. */
  private static byte[] modelFile(Looks looks, float threshold) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ContentBlocks.FEATURES.forEach(root.putArray("features")::add);
    BlockContext.FEATURES.forEach(root.putArray("context_features")::add);
    root.put("threshold", threshold);
    addTrees(json, looks.first(), root.putArray("trees"));
    addTrees(json, looks.second(), root.putArray("context_trees"));
    return json.writeValueAsBytes(root);
  }

  private static void addTrees(ObjectMapper json, Booster booster, ArrayNode trees) throws Exception {
    for (String dump : booster.getModelDump((String) null, false, "json")) {
      Map<Integer, JsonNode> nodes = new TreeMap<>();
      collect(json.readTree(dump), nodes);
      int size = nodes.size();
      ObjectNode tree = trees.addObject();
      ArrayNode feature = tree.putArray("feature");
      ArrayNode value = tree.putArray("value");
      ArrayNode yes = tree.putArray("yes");
      ArrayNode no = tree.putArray("no");
      for (int id = 0; id < size; id++) {
        JsonNode node = nodes.get(id);
        if (node == null) {
          throw new IllegalStateException("tree node ids are not 0.." + (size - 1));
        }
        if (node.has("leaf")) {
          feature.add(-1);
          value.add(node.get("leaf").floatValue());
          yes.add(-1);
          no.add(-1);
        } else {
          feature.add(Integer.parseInt(node.get("split").asText().substring(1)));
          value.add(node.get("split_condition").floatValue());
          yes.add(node.get("yes").asInt());
          no.add(node.get("no").asInt());
        }
      }
    }
  }

  private static void collect(JsonNode node, Map<Integer, JsonNode> nodes) {
    nodes.put(node.get("nodeid").asInt(), node);
    for (JsonNode child : node.path("children")) {
      collect(child, nodes);
    }
  }

  /** Our reading of the trees must give XGBoost's own probabilities. */
  private static void checkSameScores(Looks looks, BlockClassifier classifier, Corpus.Page page)
      throws XGBoostError {
    float[][] rows = rows(page);
    float[] theirs = predict(looks.second(),
        BlockContext.rows(page.blocks(), says(looks.first(), rows)));
    float[] ours = classifier.probabilities(page.blocks());
    double worst = 0;
    for (int i = 0; i < rows.length; i++) {
      worst = Math.max(worst, Math.abs(theirs[i] - ours[i]));
    }
    if (worst > 1e-4) {
      throw new IllegalStateException("the model file scores differently from XGBoost: " + worst);
    }
  }

  private static boolean[] above(float[] values, float threshold) {
    boolean[] keep = new boolean[values.length];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = values[i] >= threshold;
    }
    return keep;
  }

  private static boolean[] above(Corpus.Page page, Function<float[], Float> value, float threshold) {
    boolean[] keep = new boolean[page.blocks().size()];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = value.apply(page.blocks().get(i).features()) >= threshold;
    }
    return keep;
  }

  /** The text of the kept blocks, as the quick figures score it. */
  private static String keptText(Corpus.Page page, boolean[] keep) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        text.append(page.blocks().get(i).text()).append('\n');
      }
    }
    return text.toString();
  }

  private static void report(Function<Corpus.Page, boolean[]> keepOf, List<Corpus> corpora) {
    for (Corpus corpus : corpora) {
      for (boolean validation : new boolean[] {false, true}) {
        Map<String, ShingleScore> byType = new TreeMap<>();
        ShingleScore all = new ShingleScore();
        for (Corpus.Page page : corpus.pages) {
          if (page.validation() != validation) {
            continue;
          }
          String text = keptText(page, keepOf.apply(page));
          all.add(page.truth(), text);
          byType.computeIfAbsent(page.type(), t -> new ShingleScore()).add(page.truth(), text);
        }
        StringBuilder line = new StringBuilder(String.format("  %-8s %-10s %4d pages  F1 %.3f  ",
            corpus.name, validation ? "validation" : "training", all.pages(), all.f1()));
        if (byType.size() > 1) {
          byType.forEach((type, score) -> line.append(String.format(" %s %.3f/r%.2f (%d)", type, score.f1(), score.recall(), score.pages())));
        }
        System.out.println(line);
      }
    }
  }

  private static void writeSplits(Corpus corpus, Path truth, Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper();
    for (boolean validation : new boolean[] {false, true}) {
      Path file = dir.resolve(corpus.name + (validation ? "-validation" : "-training") + ".json");
      json.writeValue(file.toFile(), new TreeMap<>(corpus.truthOf(truth, validation)));
    }
  }

  private static float[] toArray(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
