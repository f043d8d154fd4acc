package io.beamcrawl.extract;

import java.io.Serializable;

/**
 * One page's content as the extraction step sees it.
 *
 * @param metadataJson the page's metadata when the crawl read it as it parsed the page; else null
 */
public record PageContent(String url, String html, String markdown, String metadataJson)
    implements Serializable {

  public PageContent(String url, String html, String markdown) {
    this(url, html, markdown, null);
  }
}
