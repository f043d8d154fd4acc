package io.beamcrawl.crawl;

/** The mean of two scorers. */
final class BlendedRelevance implements LinkScorer {

  private final LinkScorer first;
  private final LinkScorer second;

  BlendedRelevance(LinkScorer first, LinkScorer second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public double ofPage(String instruction, String title, String opening) {
    return (first.ofPage(instruction, title, opening) + second.ofPage(instruction, title, opening)) / 2;
  }

  @Override
  public double ofLinkText(String instruction, Candidate candidate) {
    return (first.ofLinkText(instruction, candidate) + second.ofLinkText(instruction, candidate)) / 2;
  }
}
