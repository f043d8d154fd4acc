package io.beamcrawl.model;

import java.io.Serializable;
import java.util.List;

/**
 * What an incremental crawl keeps of a page its job's earlier crawl fetched successfully: the
 * validators to ask with, the digest to compare with, and what following its links needs when the
 * server answers 304 and sends no body.
 *
 * @param etag the earlier response's ETag, null when it had none
 * @param lastModified the earlier response's Last-Modified, as sent; null when it had none
 * @param contentDigest sha256:HEX of the earlier body
 * @param links the page's followable links, null when the earlier crawl did not store them
 * @param title the page's title, for scoring its links against a crawl instruction
 * @param opening the start of the page's markdown, for the same
 */
public record EarlierPage(
    String url,
    int depth,
    String parentUrl,
    String etag,
    String lastModified,
    String contentDigest,
    List<PageLink> links,
    String title,
    String opening)
    implements Serializable {

  /**
   * True when a 304 can stand for the page: a validator to send, and its links to follow
   * without the body.
   */
  public boolean revalidates() {
    return links != null && (etag != null || lastModified != null);
  }
}
