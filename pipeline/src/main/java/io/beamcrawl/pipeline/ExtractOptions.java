package io.beamcrawl.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** The options of {@code scripts/crawl extract}: a new extraction of pages already crawled. */
public interface ExtractOptions extends CrawlOptions {

  @Description("The OUTPUT directory of an earlier crawl; the new partitions go there too unless --output is given.")
  String getFrom();

  void setFrom(String value);

  @Description("The id of the job whose stored pages are extracted again.")
  String getJob();

  void setJob(String value);

  @Description("The run (crawl=RUN_ID) to read the job's pages from; default: the latest run that holds the job.")
  String getCrawl();

  void setCrawl(String value);

  @Description("The transform instruction for the LLM (or give --schema for a CSS schema).")
  String getTransform();

  void setTransform(String value);

  @Description("Only the pages whose extraction failed.")
  @Default.Boolean(false)
  boolean getOnlyFailed();

  void setOnlyFailed(boolean value);

  @Description("The id of the new job; default: the source job's id, '-extract-' and the run id.")
  String getNewJobId();

  void setNewJobId(String value);
}
