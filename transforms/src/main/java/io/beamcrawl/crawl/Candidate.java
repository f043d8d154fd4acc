package io.beamcrawl.crawl;

import io.beamcrawl.model.FrontierUrl;

/**
 * A link found on a page, with what a crawl instruction judges it by.
 *
 * @param link the URL as its job would fetch it
 * @param anchorText the link's text
 * @param heading the heading it comes under on its page
 * @param page how relevant the page it was found on is to the job's instruction
 * @param picked whether a {@link LinkPicker} picked it from its page; null when none judged it
 */
record Candidate(
    FrontierUrl link, String anchorText, String heading, PageRelevance page, Boolean picked) {

  Candidate(FrontierUrl link, String anchorText, String heading, PageRelevance page) {
    this(link, anchorText, heading, page, null);
  }

  /** A link judged by nothing but itself: a seed, or a link of a job without an instruction. */
  static Candidate of(FrontierUrl link) {
    return new Candidate(link, "", "", PageRelevance.NONE);
  }

  Candidate withPicked(boolean isPicked) {
    return new Candidate(link, anchorText, heading, page, isPicked);
  }

  /** False only when a picker judged the link and left it. */
  boolean mayBeFollowed() {
    return !Boolean.FALSE.equals(picked);
  }

  double pageRelevance() {
    return page.value();
  }
}
