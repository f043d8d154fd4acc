package io.beamcrawl.pipeline;

import io.beamcrawl.extract.llm.LlmSettings;
import io.beamcrawl.fetch.RequestHeaders;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Every option of a crawl run, with its default: the one place defaults live. Job fields a jobs
 * file leaves out take the value of the option of the same meaning.
 */
public interface CrawlOptions extends PipelineOptions {

  @Description("JSON Lines file of crawl jobs, one job a line (see the README: Crawling your own sites).")
  String getJobs();

  void setJobs(String value);

  @Description("File of seed URLs, one a line ('#' comments and blank lines allowed); each URL is its own job.")
  String getSeeds();

  void setSeeds(String value);

  @Description(
      "Directory the run writes into: pages/, jobs/, rejected/ (and with --warc warc/) partitions"
          + " crawl=RUN_ID, report-RUN_ID.html and summary-RUN_ID.json.")
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

  @Description(
      "Default crawl_instruction: what to crawl; with one, a job's budget goes to the links most relevant to it"
          + " first.")
  String getCrawlInstruction();

  void setCrawlInstruction(String value);

  @Description(
      "Default min_relevance (0 to 1): links a crawl instruction scores below this are not followed; unset for"
          + " none.")
  Double getMinRelevance();

  void setMinRelevance(Double value);

  @Description(
      "Default link_selection: how a crawl instruction picks the links to follow: embedding (the offline score of"
          + " --relevanceModel) or llm (the model of --llmEndpoint asked once per page, the offline score ranking"
          + " what it picks).")
  @Default.String("embedding")
  String getLinkSelection();

  void setLinkSelection(String value);

  @Description(
      "What scores links for a crawl instruction, offline: embedding (sentence embeddings, all-MiniLM-L6-v2 in"
          + " process), lexical (shared words; no model) or blend (the mean of both).")
  @Default.String("embedding")
  String getRelevanceModel();

  void setRelevanceModel(String value);

  @Description("Default transform_instruction: what the LLM extracts from each page (needs --llmEndpoint and --llmModel).")
  String getTransformInstruction();

  void setTransformInstruction(String value);

  @Description("Default schema: a JSON file with a CSS extraction schema (or, for jobs with a transform instruction, the JSON Schema the model's answer must follow).")
  String getSchema();

  void setSchema(String value);

  @Description("Default max_credits: credits a job may spend before its pages stop going to the model; unset for no cap.")
  Double getMaxCredits();

  void setMaxCredits(Double value);

  @Description("Pricing table, a JSON file (see docs/extraction.md: Tokens and credits); default: 2 credits a page, 0.4 per 1,000 input and 1.0 per 1,000 output tokens, jobs rounded to the nearest credit.")
  String getPricing();

  void setPricing(String value);

  @Description("Base URL of an OpenAI-compatible API for transform instructions, e.g. http://127.0.0.1:8000/v1 (requests go to its /chat/completions).")
  String getLlmEndpoint();

  void setLlmEndpoint(String value);

  @Description("Model name sent to the LLM endpoint.")
  String getLlmModel();

  void setLlmModel(String value);

  @Description("Name of the environment variable holding the LLM API key (sent as a Bearer token when set; never logged or written).")
  @Default.String(LlmSettings.DEFAULT_API_KEY_ENV)
  String getLlmApiKeyEnv();

  void setLlmApiKeyEnv(String value);

  @Description("Most tokens of a page's markdown sent to the model; longer pages are cut, and the cut is recorded.")
  @Default.Integer(LlmSettings.DEFAULT_MAX_INPUT_TOKENS)
  int getLlmMaxInputTokens();

  void setLlmMaxInputTokens(int value);

  @Description("Most tokens the model may answer with (max_tokens).")
  @Default.Integer(LlmSettings.DEFAULT_MAX_OUTPUT_TOKENS)
  int getLlmMaxOutputTokens();

  void setLlmMaxOutputTokens(int value);

  @Description("Most LLM requests in flight per job on a worker.")
  @Default.Integer(4)
  int getLlmConcurrency();

  void setLlmConcurrency(int value);

  @Description("Most LLM requests in flight on a worker, over all its jobs: as many for extraction, and as many for"
          + " link selection.")
  @Default.Integer(16)
  int getLlmWorkerConcurrency();

  void setLlmWorkerConcurrency(int value);

  @Description("Seconds one LLM request may take.")
  @Default.Long(LlmSettings.DEFAULT_TIMEOUT_SECONDS)
  long getLlmTimeoutSeconds();

  void setLlmTimeoutSeconds(long value);

  @Description("Attempts per page at the LLM endpoint; 429, 5xx and timeouts are retried with exponential backoff and jitter.")
  @Default.Integer(LlmSettings.DEFAULT_MAX_ATTEMPTS)
  int getLlmMaxAttempts();

  void setLlmMaxAttempts(int value);

  @Description("Longest wait between LLM attempts, in seconds, Retry-After included.")
  @Default.Long(LlmSettings.DEFAULT_MAX_BACKOFF_SECONDS)
  long getLlmMaxBackoffSeconds();

  void setLlmMaxBackoffSeconds(long value);

  @Description("User-Agent sent with every request; its first word is the name matched in robots.txt.")
  @Default.String("beamcrawl/0.1")
  String getHttpUserAgent();

  void setHttpUserAgent(String value);

  @Description(
      "File of request headers, one 'Name: value' a line ('#' comments allowed), e.g. a login cookie or an API key;"
          + " sent to the hosts of the jobs' base URLs, or to those a line names first: '[host1 host2] Name: value',"
          + " '[*]' for every host.")
  String getHttpHeaders();

  void setHttpHeaders(String value);

  @Description("Comma-separated request headers whose values are recorded on pages as [redacted] (cookie names are kept); empty to record all.")
  @Default.String(RequestHeaders.DEFAULT_REDACTED)
  String getRedactHeaders();

  void setRedactHeaders(String value);

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

  @Description("Longest link followed, in characters; longer ones are dropped as a likely crawler trap (url_too_long).")
  @Default.Integer(2048)
  int getMaxUrlLength();

  void setMaxUrlLength(int value);

  @Description("Most path segments in a link followed; deeper ones are dropped as a likely crawler trap (path_too_deep).")
  @Default.Integer(16)
  int getMaxPathSegments();

  void setMaxPathSegments(int value);

  @Description("Times one segment may appear in a link's path (/a/x/a/x/a has 'a' 3 times); more is a likely crawler trap (repeated_segment).")
  @Default.Integer(2)
  int getMaxSegmentRepeats();

  void setMaxSegmentRepeats(int value);

  @Description("Most query parameters in a link followed; more is a likely crawler trap (too_many_query_params).")
  @Default.Integer(10)
  int getMaxQueryParams();

  void setMaxQueryParams(int value);

  @Description("Fetch from loopback, private, link-local and other non-public addresses too. Off by default, so a crawl cannot be turned against the network it runs in.")
  @Default.Boolean(false)
  boolean getAllowPrivateNetworks();

  void setAllowPrivateNetworks(boolean value);

  @Description("CIDR blocks fetched even though they are not public (e.g. 10.20.0.0/16 for one intranet), with the guard otherwise on. Repeat the option for several.")
  List<String> getAllowedNetworks();

  void setAllowedNetworks(List<String> value);

  @Description("Fetches in a row that may time out or lose their connection (retries spent) before a host's remaining URLs are given up as host_unresponsive; 0 for never.")
  @Default.Integer(5)
  int getMaxHostFailures();

  void setMaxHostFailures(int value);

  @Description("Fetches of one URL: 429, 500, 502, 503, 504, timeouts and broken connections are retried with exponential backoff and jitter, honouring Retry-After.")
  @Default.Integer(3)
  int getFetchMaxAttempts();

  void setFetchMaxAttempts(int value);

  @Description("Milliseconds the first fetch retry waits at most (drawn at random below it); each later retry doubles it.")
  @Default.Long(1000)
  long getFetchInitialBackoffMillis();

  void setFetchInitialBackoffMillis(long value);

  @Description("Longest wait before a fetch retry, in seconds, Retry-After included.")
  @Default.Long(30)
  long getFetchMaxBackoffSeconds();

  void setFetchMaxBackoffSeconds(long value);

  @Description("Most requests in flight to one host at a time (one at a time when robots.txt sets a Crawl-delay).")
  @Default.Integer(4)
  int getPerHostConcurrency();

  void setPerHostConcurrency(int value);

  @Description(
      "Most requests a worker (the Direct runner's process, a Flink slot) has open at once, over all the sites"
          + " it crawls; each open request has a thread.")
  @Default.Integer(256)
  int getMaxOpenRequests();

  void setMaxOpenRequests(int value);

  @Description(
      "Most pages a worker's crawl holds at once, from their request until the next step takes them; a site"
          + " waits for room when there is none.")
  @Default.Integer(512)
  int getMaxPagesHeld();

  void setMaxPagesHeld(int value);

  @Description(
      "Direct runner: most MiB of crawled pages (their bodies) on their way from the crawl to the writer at once;"
          + " the crawl waits while it is this far ahead, so memory stays bounded (0 for no bound). Flink holds"
          + " the crawl back by itself.")
  @Default.Integer(16)
  int getMaxMiBInFlight();

  void setMaxMiBInFlight(int value);

  @Description("Longest robots.txt Crawl-delay honoured, in seconds; longer delays are cut to this.")
  @Default.Integer(30)
  int getMaxCrawlDelaySeconds();

  void setMaxCrawlDelaySeconds(int value);

  @Description("What a page's markdown holds: main (its main content, without menus, footers, banners and related links) or full (the whole body).")
  @Default.String("main")
  String getMarkdown();

  void setMarkdown(String value);

  @Description("Keep each page's raw HTML in the html column.")
  @Default.Boolean(true)
  boolean getStoreHtml();

  void setStoreHtml(boolean value);

  @Description(
      "What a job does with the site's sitemaps (its robots.txt's Sitemap lines and /sitemap.xml):"
          + " include (their URLs are candidates beside the links found), only (only their URLs"
          + " are fetched, no link followed) or skip.")
  @Default.String("include")
  String getSitemap();

  void setSitemap(String value);

  @Description(
      "Which pages are rendered in headless Chromium before they are parsed: never (the HTTP"
          + " response is the page), always (every HTML page), or auto (a page whose response"
          + " shows it is built by script; a site where rendering keeps changing nothing stops"
          + " being rendered, one where it keeps mattering is rendered from its next page on).")
  @Default.String("never")
  String getRender();

  void setRender(String value);

  @Description(
      "What a render waits for after the page's load: a CSS selector to appear, or a number of"
          + " milliseconds; without it, until the page has made no request for --renderIdleMillis.")
  String getWaitFor();

  void setWaitFor(String value);

  @Description(
      "A PNG screenshot of each rendered page, under OUTPUT/screenshots/crawl=RUN_ID/ (the page's"
          + " screenshot_url names it): none, viewport or full_page.")
  @Default.String("none")
  String getScreenshot();

  void setScreenshot(String value);

  @Description("Pages a worker's browser renders at once; 0 for 4 a core.")
  @Default.Integer(0)
  int getBrowserTabs();

  void setBrowserTabs(int value);

  @Description(
      "The longest a page's render may take, from navigation to its HTML read back; a page that"
          + " takes longer fails with error_type render_timeout.")
  @Default.Integer(15)
  int getRenderTimeoutSeconds();

  void setRenderTimeoutSeconds(int value);

  @Description("A rendered page's network is idle once it has made no request for this long.")
  @Default.Integer(250)
  int getRenderIdleMillis();

  void setRenderIdleMillis(int value);

  @Description(
      "Resource types the browser is not given when it renders a page (image, font, media,"
          + " stylesheet, script...); an empty value lets every type through.")
  @Default.String("image,font,media")
  String getBlockedResources();

  void setBlockedResources(String value);

  @Description("The Chromium or Chrome executable; without it, chromium is looked for on the PATH.")
  String getChromium();

  void setChromium(String value);

  @Description(
      "Crawl each job against its latest earlier crawl in the same --output: pages it fetched are"
          + " asked with their validators (If-None-Match, If-Modified-Since), and an unchanged page"
          + " keeps its earlier markdown and data with no model call. A job with no earlier crawl"
          + " is crawled in full.")
  @Default.Boolean(false)
  boolean getIncremental();

  void setIncremental(boolean value);

  @Description(
      "Parquet files of about this many bytes: rows are joined into files of this size once the"
          + " run's bundles are written (a file is never cut inside a row group).")
  @Default.Long(134_217_728L)
  long getTargetFileBytes();

  void setTargetFileBytes(long value);

  @Description("Compression of the Parquet files: zstd, snappy, gzip or none.")
  @Default.String("zstd")
  String getParquetCompression();

  void setParquetCompression(String value);

  @Description(
      "Keep every request and response as it crossed the wire in WARC files under"
          + " OUTPUT/warc/crawl=RUN_ID/; the pages table says where each page's record is.")
  @Default.Boolean(false)
  boolean getWarc();

  void setWarc(boolean value);

  @Description("A WARC file is closed, and the next begun, once it holds this many bytes.")
  @Default.Long(1_000_000_000L)
  long getWarcFileBytes();

  void setWarcFileBytes(long value);

  @Description("Seconds between progress lines on the console.")
  @Default.Integer(2)
  int getProgressSeconds();

  void setProgressSeconds(int value);
}
