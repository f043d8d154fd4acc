package io.beamcrawl.io;

import io.beamcrawl.crawl.UrlCounts;
import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.model.ChangeStatus;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.stats.JobStats;
import io.beamcrawl.stats.JobSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Builds rows of the jobs table ({@link Schemas#JOB}) from job summaries. */
public final class JobRecords {

  private JobRecords() {}

  /** @param runStartMillis when the run started: every job's created_at */
  public static GenericRecord toRecord(JobSummary summary, long runStartMillis) {
    CrawlJob job = summary.job();
    JobStats stats = summary.stats();
    UrlCounts urls = summary.urls();
    Map<String, Long> codes = new LinkedHashMap<>();
    stats.statusCodeCounts().forEach((code, n) -> codes.put(String.valueOf(code), n));

    GenericRecord row = new GenericData.Record(Schemas.JOB);
    row.put("id", job.id());
    row.put("base_url", job.baseUrl());
    row.put("crawl_instruction", job.crawlInstruction());
    row.put("min_relevance", job.minRelevance());
    row.put(
        "link_selection",
        job.crawlInstruction() == null ? null : job.linkSelection().columnValue());
    row.put("transform_instruction", job.transformInstruction());
    row.put("extractor", JobExtraction.kindOf(job).columnValue());
    row.put("schema", job.schema());
    row.put("source_job_id", job.sourceJobId());
    row.put("max_pages", job.maxPages());
    row.put("max_depth", job.maxDepth());
    row.put("pages_crawled", stats.pagesCrawled());
    row.put("pages_failed", stats.pagesFailed());
    row.put("status", stats.status());
    row.put("created_at", runStartMillis);
    row.put("updated_at", stats.lastFetchEnd() == null ? runStartMillis : stats.lastFetchEnd());
    row.put("input_tokens", stats.inputTokens());
    row.put("output_tokens", stats.outputTokens());
    row.put("crawl_input_tokens", stats.crawlInputTokens());
    row.put("crawl_output_tokens", stats.crawlOutputTokens());
    row.put("link_selections_failed", stats.linkSelectionsFailed());
    row.put("pages_rendered", stats.pagesRendered());
    row.put("credits_used", summary.credits());
    row.put("max_credits", job.maxCredits());
    row.put("credit_limit_reached", stats.pagesOverCreditBudget() > 0);
    row.put("pages_over_credit_budget", stats.pagesOverCreditBudget());
    row.put("pages_extraction_failed", stats.extractionsFailed());
    row.put("duration_ms", stats.durationMillis());
    row.put("bytes_fetched", stats.bytesFetched());
    row.put("status_code_counts", codes);
    boolean incremental = job.earlierCrawl() != null;
    row.put("previous_crawl", job.earlierCrawl());
    row.put("pages_new", incremental ? stats.pages(ChangeStatus.NEW) : null);
    row.put("pages_changed", incremental ? stats.pages(ChangeStatus.CHANGED) : null);
    row.put("pages_unchanged", incremental ? stats.pages(ChangeStatus.UNCHANGED) : null);
    row.put("pages_gone", incremental ? stats.pages(ChangeStatus.GONE) : null);
    row.put("urls_discovered", urls.discovered());
    row.put("urls_out_of_scope", urls.outOfScope());
    row.put("urls_disallowed_by_robots", urls.disallowedByRobots());
    row.put("urls_over_budget", urls.overBudget());
    row.put("urls_below_relevance", urls.belowRelevance());
    row.put("urls_filtered_as_trap", urls.trapped());
    row.put("trap_reason_counts", urls.trapReasons());
    return row;
  }
}
