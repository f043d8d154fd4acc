package io.beamcrawl.model;

import java.io.Serializable;
import java.util.List;

/**
 * One crawl job: where to start, what may be followed and how much may be fetched. Immutable;
 * every field is already validated and defaulted (see {@link JobsReader}).
 *
 * @param id unique within a run; every page record carries it as {@code job_id}
 * @param baseUrl the normalised starting URL; it also defines the job's scope
 * @param seeds normalised URLs fetched at depth 0 (the base URL first)
 * @param maxPages the most URLs the job may fetch, redirects of one URL counting as that URL
 * @param maxDepth links are followed from pages at depth below this; seeds are depth 0
 * @param includePaths regular expressions on the URL path; when any is given one must match
 * @param excludePaths regular expressions on the URL path; a match drops the URL
 * @param schema JSON text: a CSS extraction schema, or with a transform instruction the JSON
 *     Schema the model's answer must follow; null for none
 * @param maxCredits the credits the job may spend before its pages stop going to the model; null
 *     for no cap
 * @param sourceJobId for a re-extraction, the job whose stored pages it extracts; else null
 * @param crawlInstruction what to crawl: with one, the budget goes to the links most relevant to
 *     it first ({@code relevance}); null for breadth first
 * @param minRelevance links scored below this for the crawl instruction are not followed; null
 *     for none
 * @param linkSelection how the crawl instruction picks links; {@link LinkSelection#EMBEDDING}
 *     when null
 * @param sitemap what the job does with the site's sitemaps; {@link SitemapMode#SKIP} when null
 * @param incremental the job asked to be crawled against its latest earlier crawl
 * @param earlierCrawl the run id of the earlier crawl it is compared with; null for a full crawl
 * @param render which of its pages are rendered in a browser, and how; {@link RenderRules#NEVER}
 *     when null
 */
public record CrawlJob(
    String id,
    String baseUrl,
    List<String> seeds,
    String crawlInstruction,
    String transformInstruction,
    int maxPages,
    int maxDepth,
    List<String> includePaths,
    List<String> excludePaths,
    boolean allowSubdomains,
    boolean crawlEntireDomain,
    boolean ignoreQueryParams,
    String schema,
    Double maxCredits,
    String sourceJobId,
    Double minRelevance,
    LinkSelection linkSelection,
    SitemapMode sitemap,
    boolean incremental,
    String earlierCrawl,
    RenderRules render)
    implements Serializable {

  /** A job that follows every link its crawl instruction scores, whatever the score. */
  public CrawlJob(
      String id,
      String baseUrl,
      List<String> seeds,
      String crawlInstruction,
      String transformInstruction,
      int maxPages,
      int maxDepth,
      List<String> includePaths,
      List<String> excludePaths,
      boolean allowSubdomains,
      boolean crawlEntireDomain,
      boolean ignoreQueryParams,
      String schema,
      Double maxCredits,
      String sourceJobId) {
    this(
        id, baseUrl, seeds, crawlInstruction, transformInstruction, maxPages, maxDepth,
        includePaths, excludePaths, allowSubdomains, crawlEntireDomain, ignoreQueryParams, schema,
        maxCredits, sourceJobId, null, null, null, false, null, null);
  }

  public CrawlJob {
    seeds = List.copyOf(seeds);
    includePaths = List.copyOf(includePaths);
    excludePaths = List.copyOf(excludePaths);
    linkSelection = linkSelection == null ? LinkSelection.EMBEDDING : linkSelection;
    sitemap = sitemap == null ? SitemapMode.SKIP : sitemap;
    render = render == null ? RenderRules.NEVER : render;
  }

  /** True when the job's data is its pages' own metadata: no transform instruction, no schema. */
  public boolean extractsMetadata() {
    return transformInstruction == null && schema == null;
  }

  /** False for a job that fetches only its sitemaps' URLs: it follows no link. */
  public boolean followsLinks() {
    return sitemap != SitemapMode.ONLY;
  }

  /** True when a chat model picks the links this job follows. */
  public boolean picksLinksWithModel() {
    return crawlInstruction != null && linkSelection == LinkSelection.LLM;
  }

  /** The same job, its crawl instruction's links scored as given. */
  public CrawlJob withGuidance(Double leastRelevance, LinkSelection selection) {
    return new CrawlJob(
        id, baseUrl, seeds, crawlInstruction, transformInstruction, maxPages, maxDepth,
        includePaths, excludePaths, allowSubdomains, crawlEntireDomain, ignoreQueryParams, schema,
        maxCredits, sourceJobId, leastRelevance, selection, sitemap, incremental, earlierCrawl,
        render);
  }

  /** The same job, the site's sitemaps used as {@code mode} says. */
  public CrawlJob withSitemap(SitemapMode mode) {
    return new CrawlJob(
        id, baseUrl, seeds, crawlInstruction, transformInstruction, maxPages, maxDepth,
        includePaths, excludePaths, allowSubdomains, crawlEntireDomain, ignoreQueryParams, schema,
        maxCredits, sourceJobId, minRelevance, linkSelection, mode, incremental, earlierCrawl,
        render);
  }

  /** The same job, its pages rendered as {@code rules} say. */
  public CrawlJob withRender(RenderRules rules) {
    return new CrawlJob(
        id, baseUrl, seeds, crawlInstruction, transformInstruction, maxPages, maxDepth,
        includePaths, excludePaths, allowSubdomains, crawlEntireDomain, ignoreQueryParams, schema,
        maxCredits, sourceJobId, minRelevance, linkSelection, sitemap, incremental, earlierCrawl,
        rules);
  }

  /** The same job, compared with run {@code runId}'s crawl of it (null: crawled in full). */
  public CrawlJob withEarlierCrawl(String runId) {
    return new CrawlJob(
        id, baseUrl, seeds, crawlInstruction, transformInstruction, maxPages, maxDepth,
        includePaths, excludePaths, allowSubdomains, crawlEntireDomain, ignoreQueryParams, schema,
        maxCredits, sourceJobId, minRelevance, linkSelection, sitemap, incremental, runId,
        render);
  }
}
