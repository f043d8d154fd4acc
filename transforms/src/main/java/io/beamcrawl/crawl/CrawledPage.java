package io.beamcrawl.crawl;

import io.beamcrawl.archive.WarcLocation;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.model.ChangeStatus;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.model.PageLink;
import io.beamcrawl.parse.ParsedPage;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One fetched URL as the crawl leaves it: the fetch (without its raw body), the parsed page when
 * it was HTML, and the content type seen in the bytes.
 *
 * @param parsed null unless the fetch succeeded with an HTML body; without its links, which
 *     became the outlinks
 * @param contentDigest sha256:HEX of the body as received, or null without a body
 * @param outlinksCount the distinct followable links found on the page
 * @param fetchAttempts fetches made for the URL, retries included
 * @param linkPicks what the model asked which of the page's links to follow answered and cost;
 *     null when none was asked
 * @param warc where the WARC record of the page's last exchange is; null without WARC output or
 *     when nothing was requested
 * @param noindex the page's robots meta tag or X-Robots-Tag header asks it not to be indexed: it
 *     is recorded, and not sent to a model
 * @param sitemapLastModified when a sitemap listing the URL says it last changed (epoch millis);
 *     null when none did
 * @param links the links the page offers to follow (none when it asks not to be followed); null
 *     unless it was HTML
 * @param change how the page compares with its job's earlier crawl; null in a full crawl
 * @param earlierRunId the run of that earlier crawl; null in a full crawl
 * @param render whether its job's browser rendered it, and why; null for a job that never renders
 */
@DefaultCoder(SerializableCoder.class)
public record CrawledPage(
    FrontierUrl entry,
    FetchResult fetch,
    ParsedPage parsed,
    String mimeDetected,
    String contentDigest,
    int outlinksCount,
    int fetchAttempts,
    LinkPicks linkPicks,
    WarcLocation warc,
    boolean noindex,
    Long sitemapLastModified,
    List<PageLink> links,
    ChangeStatus change,
    String earlierRunId,
    PageRender render)
    implements Serializable {

  public CrawledPage(
      FrontierUrl entry,
      FetchResult fetch,
      ParsedPage parsed,
      String mimeDetected,
      String contentDigest,
      int outlinksCount,
      int fetchAttempts) {
    this(entry, fetch, parsed, mimeDetected, contentDigest, outlinksCount, fetchAttempts, null, null,
        false, null, null, null, null, null);
  }

  public CrawledPage withLinkPicks(LinkPicks picks) {
    return new CrawledPage(
        entry, fetch, parsed, mimeDetected, contentDigest, outlinksCount, fetchAttempts, picks,
        warc, noindex, sitemapLastModified, links, change, earlierRunId, render);
  }

  public CrawledPage withSitemapLastModified(Long lastModified) {
    return new CrawledPage(
        entry, fetch, parsed, mimeDetected, contentDigest, outlinksCount, fetchAttempts, linkPicks,
        warc, noindex, lastModified, links, change, earlierRunId, render);
  }

  /** The same page, compared with run {@code runId}'s crawl of its job as {@code status} says. */
  public CrawledPage withChange(ChangeStatus status, String runId) {
    return new CrawledPage(
        entry, fetch, parsed, mimeDetected, contentDigest, outlinksCount, fetchAttempts, linkPicks,
        warc, noindex, sitemapLastModified, links, status, runId, render);
  }

  /**
   * The earlier page this one found unchanged, as crawled now: this crawl's place in the frontier,
   * request, response headers (see {@link FetchResult#revalidatedBy}), archive record, sitemap date
   * and comparison; the earlier content, and its links unless this crawl kept its own.
   */
  public CrawledPage carriedFrom(CrawledPage earlier) {
    return new CrawledPage(
        entry, earlier.fetch.revalidatedBy(fetch), earlier.parsed, earlier.mimeDetected,
        earlier.contentDigest, earlier.outlinksCount, fetchAttempts, linkPicks, warc,
        earlier.noindex, sitemapLastModified, links != null ? links : earlier.links, change,
        earlierRunId, render);
  }

  /**
   * The same page without its parsed content, and without its links when {@code dropLinks}: an
   * unchanged page's are the earlier row's, carried over.
   */
  public CrawledPage withoutContent(boolean dropLinks) {
    return new CrawledPage(
        entry, fetch, null, mimeDetected, contentDigest, outlinksCount, fetchAttempts, linkPicks,
        warc, noindex, sitemapLastModified, dropLinks ? null : links, change, earlierRunId, render);
  }

  /** The same page, rendered or not as {@code how} says. */
  public CrawledPage withRender(PageRender how) {
    return new CrawledPage(
        entry, fetch, parsed, mimeDetected, contentDigest, outlinksCount, fetchAttempts, linkPicks,
        warc, noindex, sitemapLastModified, links, change, earlierRunId, how);
  }

  /** True when the page was rendered in a browser. */
  public boolean isRendered() {
    return render != null && render.rendered();
  }

  /** True when the page is as the job's earlier crawl found it: its content is carried over. */
  public boolean isUnchanged() {
    return change == ChangeStatus.UNCHANGED;
  }

  /** Model input tokens spent choosing which of this page's links to follow. */
  public long crawlInputTokens() {
    return linkPicks == null ? 0 : linkPicks.inputTokens();
  }

  /** Model output tokens spent choosing which of this page's links to follow. */
  public long crawlOutputTokens() {
    return linkPicks == null ? 0 : linkPicks.outputTokens();
  }

  /** A 2xx, or the 304 that found the page unchanged. */
  public boolean isSuccess() {
    return fetch.isSuccess() || (isUnchanged() && fetch.isNotModified());
  }
}
