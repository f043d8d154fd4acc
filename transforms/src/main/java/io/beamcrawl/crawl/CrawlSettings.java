package io.beamcrawl.crawl;

import io.beamcrawl.archive.WarcSettings;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.render.RenderSettings;
import io.beamcrawl.render.ScreenshotFiles;
import io.beamcrawl.util.Backoff;
import java.io.Serializable;
import java.time.Duration;

/**
 * How the crawl treats the sites it visits; the same for every job of a run.
 *
 * @param runId names the run; workers keep one robots.txt cache per run
 * @param perHostConcurrency the most requests in flight to one host at a time
 * @param maxCrawlDelay the longest robots.txt Crawl-delay honoured; longer ones are cut to it
 * @param maxFetchAttempts fetches of one URL, retries of 429, 5xx, timeouts and broken
 *     connections included
 * @param fetchBackoff the waits between those attempts
 * @param trapRules what a link may look like before it is taken for a crawler trap
 * @param maxHostFailures fetches in a row that may time out or lose their connection before a
 *     host's remaining URLs are given up ({@link HostBreaker}); 0 for never
 * @param markdown how much of each page goes into its markdown
 * @param maxOpenRequests the most requests a worker has open at once, over all its sites
 * @param maxPagesHeld the most pages a worker's crawl holds at once, from their request until the
 *     next step takes them
 * @param relevanceModel what scores links for a job's crawl instruction
 * @param linkPicker asks a model which links a job's crawl instruction wants followed, for jobs
 *     whose {@code link_selection} is {@code llm}; null when no model is configured
 * @param linkPicksAtOnce the most pages a worker asks the model about at once
 * @param warc where every exchange is archived as WARC; null for no archive
 * @param earlierCrawls what the incremental jobs are compared with; null when none is
 * @param render how the worker's browser renders the pages of jobs that render; null when no job
 *     of the run does
 * @param screenshots where rendered pages' screenshots are written; null when no job takes any
 */
public record CrawlSettings(
    String runId,
    FetchSettings fetch,
    int perHostConcurrency,
    Duration maxCrawlDelay,
    int maxFetchAttempts,
    Backoff fetchBackoff,
    TrapRules trapRules,
    int maxHostFailures,
    MarkdownMode markdown,
    int maxOpenRequests,
    int maxPagesHeld,
    RelevanceModel relevanceModel,
    LinkPicker linkPicker,
    int linkPicksAtOnce,
    WarcSettings warc,
    EarlierCrawls earlierCrawls,
    RenderSettings render,
    ScreenshotFiles screenshots)
    implements Serializable {

  /** The same settings, links picked by {@code picker}, {@code atOnce} pages at a time. */
  public CrawlSettings withLinkPicker(LinkPicker picker, int atOnce) {
    return new CrawlSettings(
        runId, fetch, perHostConcurrency, maxCrawlDelay, maxFetchAttempts, fetchBackoff, trapRules,
        maxHostFailures, markdown, maxOpenRequests, maxPagesHeld, relevanceModel, picker, atOnce,
        warc, earlierCrawls, render, screenshots);
  }

  /** The same settings, every exchange archived as {@code archive} says. */
  public CrawlSettings withWarc(WarcSettings archive) {
    return new CrawlSettings(
        runId, fetch, perHostConcurrency, maxCrawlDelay, maxFetchAttempts, fetchBackoff, trapRules,
        maxHostFailures, markdown, maxOpenRequests, maxPagesHeld, relevanceModel, linkPicker,
        linkPicksAtOnce, archive, earlierCrawls, render, screenshots);
  }

  /** The same settings, the incremental jobs compared with what {@code earlier} reads. */
  public CrawlSettings withEarlierCrawls(EarlierCrawls earlier) {
    return new CrawlSettings(
        runId, fetch, perHostConcurrency, maxCrawlDelay, maxFetchAttempts, fetchBackoff, trapRules,
        maxHostFailures, markdown, maxOpenRequests, maxPagesHeld, relevanceModel, linkPicker,
        linkPicksAtOnce, warc, earlier, render, screenshots);
  }

  /** The same settings, pages rendered as {@code browser} says, screenshots written to {@code files}. */
  public CrawlSettings withRender(RenderSettings browser, ScreenshotFiles files) {
    return new CrawlSettings(
        runId, fetch, perHostConcurrency, maxCrawlDelay, maxFetchAttempts, fetchBackoff, trapRules,
        maxHostFailures, markdown, maxOpenRequests, maxPagesHeld, relevanceModel, linkPicker,
        linkPicksAtOnce, warc, earlierCrawls, browser, files);
  }

  /** The robots.txt product token: the User-Agent up to its first '/' or space. */
  public String robotName() {
    return fetch.userAgent().split("[/ ]", 2)[0];
  }
}
