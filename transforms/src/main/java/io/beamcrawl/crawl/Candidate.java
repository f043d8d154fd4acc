package io.beamcrawl.crawl;

import io.beamcrawl.model.FrontierUrl;

/**
 * A link found on a page, with what a crawl instruction judges it by.
 *
 * @param link the URL as its job would fetch it
 * @param anchorText the link's text
 * @param heading the heading it comes under on its page
 * @param page how relevant the page it was found on is to the job's instruction
 */
record Candidate(FrontierUrl link, String anchorText, String heading, PageRelevance page) {

  /** A link judged by nothing but itself: a seed, or a link of a job without an instruction. */
  static Candidate of(FrontierUrl link) {
    return new Candidate(link, "", "", PageRelevance.NONE);
  }

  double pageRelevance() {
    return page.value();
  }
}
