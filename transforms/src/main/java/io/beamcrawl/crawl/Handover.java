package io.beamcrawl.crawl;

/**
 * What a site's crawl hands its consumer: a page, the site's end (neither page nor failure), or
 * the failure that stopped it.
 */
record Handover(SiteCrawler site, CrawledPage page, Throwable failure) {

  static Handover page(SiteCrawler site, CrawledPage page) {
    return new Handover(site, page, null);
  }

  static Handover end(SiteCrawler site) {
    return new Handover(site, null, null);
  }

  static Handover failed(SiteCrawler site, Throwable failure) {
    return new Handover(site, null, failure);
  }

  /**
   * The page, or null at the site's end.
   *
   * @throws IllegalStateException when crawling failed for a reason other than a bad page or site
   *     (those become failed pages): a bug, for the runner to report and retry
   */
  CrawledPage pageOrThrow() {
    if (failure != null) {
      throw new IllegalStateException("crawling failed unexpectedly", failure);
    }
    return page;
  }
}
