package io.beamcrawl.crawl;

/**
 * Scores links and pages for a crawl instruction, in [0, 1], offline. Implementations are
 * thread-safe and work out what they need of an instruction or a text once.
 */
interface LinkScorer {

  /** The share of a link's score that comes from the page it was found on. */
  double PARENT_SHARE = 0.4;

  /** How well a page's own title and opening text match the instruction. */
  double ofPage(String instruction, String title, String opening);

  /** How well a link's own words (anchor, URL path, heading) match the instruction. */
  double ofLinkText(String instruction, Candidate candidate);

  /** A link's score: its own words, and the page it was found on (pages on a topic link to it). */
  default double ofLink(String instruction, Candidate candidate) {
    return (1 - PARENT_SHARE) * ofLinkText(instruction, candidate)
        + PARENT_SHARE * candidate.pageRelevance();
  }

  /** The scorer a run asked for. */
  static LinkScorer of(RelevanceModel model) {
    return switch (model) {
      case LEXICAL -> new LexicalRelevance();
      case EMBEDDING -> new EmbeddingRelevance();
      case BLEND -> new BlendedRelevance(new LexicalRelevance(), new EmbeddingRelevance());
    };
  }
}
