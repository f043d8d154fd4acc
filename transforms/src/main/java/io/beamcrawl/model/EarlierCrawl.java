package io.beamcrawl.model;

import java.io.Serializable;
import java.util.Map;

/**
 * The latest earlier crawl of a job in the same output, that an incremental crawl of it is
 * compared with.
 *
 * @param runId the run whose partition holds it ({@code crawl=RUN_ID})
 * @param pages its successful pages by URL; empty until the crawl step is given them
 */
public record EarlierCrawl(String runId, Map<String, EarlierPage> pages) implements Serializable {

  public EarlierCrawl {
    pages = Map.copyOf(pages);
  }

  /** The earlier crawl named, its pages not yet read. */
  public static EarlierCrawl of(String runId) {
    return new EarlierCrawl(runId, Map.of());
  }

  public EarlierCrawl withPages(Map<String, EarlierPage> byUrl) {
    return new EarlierCrawl(runId, byUrl);
  }

  /** The earlier success at {@code url}, or null. */
  public EarlierPage page(String url) {
    return pages.get(url);
  }

  @Override
  public String toString() {
    return "EarlierCrawl[" + runId + ", " + pages.size() + " pages]";
  }
}
