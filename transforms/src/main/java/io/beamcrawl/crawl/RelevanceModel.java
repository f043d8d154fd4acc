package io.beamcrawl.crawl;

/** What scores links for a crawl instruction ({@link LinkScorer}). */
public enum RelevanceModel {
  /** Shared words, weighted by where they are: no model, almost no CPU. */
  LEXICAL,
  /** Sentence embeddings (all-MiniLM-L6-v2, quantized, in process): meaning, not only words. */
  EMBEDDING,
  /** The mean of both. */
  BLEND;

  /** The model named by an option value, in any case. */
  public static RelevanceModel parse(String name) {
    try {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--relevanceModel must be lexical, embedding or blend, got " + name);
    }
  }
}
