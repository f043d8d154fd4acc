package io.beamcrawl.stats;

import io.beamcrawl.crawl.UrlCounts;
import io.beamcrawl.model.CrawlJob;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A job with its page totals and what became of the URLs it discovered: one row of the jobs table.
 *
 * @param credits the job's credits: its pages' credits summed and rounded by the pricing table
 */
@DefaultCoder(SerializableCoder.class)
public record JobSummary(CrawlJob job, JobStats stats, UrlCounts urls, double credits)
    implements Serializable {}
