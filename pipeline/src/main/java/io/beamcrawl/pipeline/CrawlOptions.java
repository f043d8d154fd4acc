package io.beamcrawl.pipeline;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Every option of a crawl run, with its default: the one place defaults live. Job fields a jobs
 * file leaves out take the value of the option of the same meaning.
 */
public interface CrawlOptions extends PipelineOptions {

  @Description("JSON Lines file of crawl jobs, one job a line (see README: Input).")
  String getJobs();

  void setJobs(String value);

  @Description("File of seed URLs, one a line ('#' comments and blank lines allowed); each URL is its own job.")
  String getSeeds();

  void setSeeds(String value);

  @Description("Directory the run writes into: pages/, jobs/ and rejected/ partitions crawl=RUN_ID, and summary-RUN_ID.json.")
  @Default.String("crawl-output")
  String getOutput();

  void setOutput(String value);

  @Description("Name of this run's partitions (crawl=RUN_ID); default: UTC time and a random suffix.")
  String getRunId();

  void setRunId(String value);

  @Description("Serve the bundled demo site on a loopback port and crawl it into ./demo-output (unless --output is given).")
  @Default.Boolean(false)
  boolean getDemo();

  void setDemo(boolean value);

  @Description("Default max_pages: the most URLs a job fetches (redirects of one URL count as that URL).")
  @Default.Integer(100)
  int getMaxPages();

  void setMaxPages(int value);

  @Description("Default max_depth: links are followed up to this distance from the seeds (0 = seeds only; at most 50).")
  @Default.Integer(5)
  int getMaxDepth();

  void setMaxDepth(int value);

  @Description("Default include_paths: regular expressions searched in the URL path; a link must match one. Repeat the option for several.")
  List<String> getIncludePaths();

  void setIncludePaths(List<String> value);

  @Description("Default exclude_paths: regular expressions searched in the URL path; a match drops the link. Repeat the option for several.")
  List<String> getExcludePaths();

  void setExcludePaths(List<String> value);

  @Description("Default allow_subdomains: also follow links to subdomains of the base URL's host.")
  @Default.Boolean(false)
  boolean getAllowSubdomains();

  void setAllowSubdomains(boolean value);

  @Description("Default crawl_entire_domain: follow links anywhere in the base URL's registered domain.")
  @Default.Boolean(false)
  boolean getCrawlEntireDomain();

  void setCrawlEntireDomain(boolean value);

  @Description("Default ignore_query_params: drop query strings from links, so ?a=1 and ?a=2 are one page.")
  @Default.Boolean(false)
  boolean getIgnoreQueryParams();

  void setIgnoreQueryParams(boolean value);

  @Description("Default crawl_instruction, recorded on each job.")
  String getCrawlInstruction();

  void setCrawlInstruction(String value);

  @Description("Default transform_instruction, recorded on each job.")
  String getTransformInstruction();

  void setTransformInstruction(String value);

  @Description("User-Agent sent with every request; its first word is the name matched in robots.txt.")
  @Default.String("beamcrawl/0.1")
  String getHttpUserAgent();

  void setHttpUserAgent(String value);

  @Description("Seconds to wait for a connection.")
  @Default.Integer(10)
  int getConnectTimeoutSeconds();

  void setConnectTimeoutSeconds(int value);

  @Description("Seconds one fetch may take in all: connect, redirects, headers and the whole body.")
  @Default.Integer(30)
  int getFetchTimeoutSeconds();

  void setFetchTimeoutSeconds(int value);

  @Description("Redirects followed per URL before it fails as too_many_redirects.")
  @Default.Integer(5)
  int getMaxRedirects();

  void setMaxRedirects(int value);

  @Description("Largest body kept per page, in bytes (after decompression); longer ones are cut and marked content_truncated.")
  @Default.Long(10L * 1024 * 1024)
  long getMaxBodyBytes();

  void setMaxBodyBytes(long value);

  @Description("Most requests in flight to one host at a time (one at a time when robots.txt sets a Crawl-delay).")
  @Default.Integer(4)
  int getPerHostConcurrency();

  void setPerHostConcurrency(int value);

  @Description("Longest robots.txt Crawl-delay honoured, in seconds; longer delays are cut to this.")
  @Default.Integer(30)
  int getMaxCrawlDelaySeconds();

  void setMaxCrawlDelaySeconds(int value);

  @Description("Keep each page's raw HTML in the html column.")
  @Default.Boolean(true)
  boolean getStoreHtml();

  void setStoreHtml(boolean value);

  @Description("Seconds between progress lines on the console.")
  @Default.Integer(2)
  int getProgressSeconds();

  void setProgressSeconds(int value);
}
