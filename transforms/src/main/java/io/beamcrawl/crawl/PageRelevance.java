package io.beamcrawl.crawl;

/**
 * How relevant a page is to its job's crawl instruction, worked out the first time one of its
 * links is scored: a page whose links were all seen before costs nothing. Thread-safe.
 */
final class PageRelevance {

  /** The relevance of a page that is not judged: a seed's, or any page's without an instruction. */
  static final PageRelevance NONE = new PageRelevance(null, null, null, null);

  private final LinkScorer scorer;
  private final String instruction;
  private final String title;
  private final String opening;
  private Double value;

  PageRelevance(LinkScorer scorer, String instruction, String title, String opening) {
    this.scorer = scorer;
    this.instruction = instruction;
    this.title = title;
    this.opening = opening;
  }

  synchronized double value() {
    if (value == null) {
      value = scorer == null ? 0 : scorer.ofPage(instruction, title, opening);
    }
    return value;
  }
}
