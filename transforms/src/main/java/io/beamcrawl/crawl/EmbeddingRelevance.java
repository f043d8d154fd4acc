package io.beamcrawl.crawl;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores by the cosine similarity of sentence embeddings: the instruction's against a link's
 * words (anchor text, URL path words, heading) or a page's title and opening, clamped to [0, 1].
 * The model (all-MiniLM-L6-v2, quantized, on ONNX Runtime, inside its Maven artifact) is loaded
 * once per JVM, on first use, and shared by every thread; each distinct text is embedded once
 * per scorer.
 */
final class EmbeddingRelevance implements LinkScorer {

  /** Texts embedded and kept; past this the cache starts again, so memory stays bounded. */
  private static final int MAX_CACHED = 100_000;
  /** How much of a page's opening text is embedded with its title. */
  private static final int OPENING_CHARS = 300;

  private static volatile EmbeddingModel model;

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
    return similarity(instruction, text.strip());
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
    float[] vector = model().embed(text).content().vector();
    double norm = 0;
    for (float x : vector) {
      norm += x * x;
    }
    float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < vector.length; i++) {
      vector[i] *= scale;
    }
    vectors.put(text, vector);
    return vector;
  }

  private static EmbeddingModel model() {
    EmbeddingModel loaded = model;
    if (loaded == null) {
      synchronized (EmbeddingRelevance.class) {
        if (model == null) {
          model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
        loaded = model;
      }
    }
    return loaded;
  }
}
