package io.beamcrawl.crawl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Scores by the cosine similarity of sentence embeddings: the instruction's against a link's
 * words (anchor text, URL path words, heading) or a page's title and opening, clamped to [0, 1].
 * Numbers in a link's words are embedded as {@code #}: they tell pages apart ("Page 1019", {@code
 * /2024/05/}) but say little about their subject, and links that differ only by them share one
 * embedding.
 * The model ({@link MiniLm}) is loaded once per JVM, on first use, and shared by every thread;
 * each distinct text is embedded once per scorer. It runs on the calling thread alone: the
 * crawl's threads are its parallelism, and ONNX Runtime's own pool spent twice the CPU for the
 * same short texts in the same time.
 */
final class EmbeddingRelevance implements LinkScorer {

  /** Texts embedded and kept; past this the cache starts again, so memory stays bounded. */
  private static final int MAX_CACHED = 100_000;
  /** How much of a page's opening text is embedded with its title: cost grows with length. */
  private static final int OPENING_CHARS = 100;

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private static volatile MiniLm model;

  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  @Override
  public double ofPage(String instruction, String title, String opening) {
    String text = (title == null ? "" : title) + ". "
        + (opening == null ? "" : opening.substring(0, Math.min(opening.length(), OPENING_CHARS)));
    return similarity(instruction, text);
  }

  @Override
  public double ofLinkText(String instruction, Candidate candidate) {
    String text =
        String.join(
            " ",
            candidate.anchorText(),
            LexicalRelevance.pathWords(candidate.link().url()),
            candidate.heading());
    return similarity(instruction, NUMBER.matcher(text.strip()).replaceAll("#"));
  }

  private double similarity(String instruction, String text) {
    if (text.isEmpty()) {
      return 0;
    }
    float[] a = vector(instruction);
    float[] b = vector(text);
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return Math.max(0, Math.min(1, dot));
  }

  /** The text's embedding, of unit length. */
  private float[] vector(String text) {
    float[] cached = vectors.get(text);
    if (cached != null) {
      return cached;
    }
    if (vectors.size() >= MAX_CACHED) {
      vectors.clear();
    }
    float[] vector = model().embed(text);
    vectors.put(text, vector);
    return vector;
  }

  private static MiniLm model() {
    MiniLm loaded = model;
    if (loaded == null) {
      synchronized (EmbeddingRelevance.class) {
        if (model == null) {
          model = new MiniLm();
        }
        loaded = model;
      }
    }
    return loaded;
  }
}
