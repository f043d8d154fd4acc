package io.beamcrawl.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One line of a jobs file as written, bound by Jackson: the one place the file's fields are
 * named. Every field may be left out (or null), and then takes its command-line default.
 */
record JobLine(
    @JsonProperty("id") String id,
    @JsonProperty("base_url") String baseUrl,
    @JsonProperty("seeds") List<String> seeds,
    @JsonProperty("crawl_instruction") String crawlInstruction,
    @JsonProperty("transform_instruction") String transformInstruction,
    @JsonProperty("max_pages") Integer maxPages,
    @JsonProperty("max_depth") Integer maxDepth,
    @JsonProperty("include_paths") List<String> includePaths,
    @JsonProperty("exclude_paths") List<String> excludePaths,
    @JsonProperty("allow_subdomains") Boolean allowSubdomains,
    @JsonProperty("crawl_entire_domain") Boolean crawlEntireDomain,
    @JsonProperty("ignore_query_params") Boolean ignoreQueryParams,
    @JsonProperty("schema") JsonNode schema,
    @JsonProperty("max_credits") Double maxCredits,
    @JsonProperty("min_relevance") Double minRelevance,
    @JsonProperty("link_selection") String linkSelection,
    @JsonProperty("sitemap") String sitemap,
    @JsonProperty("incremental") Boolean incremental,
    @JsonProperty("render") String render,
    @JsonProperty("wait_for") JsonNode waitFor,
    @JsonProperty("screenshot") String screenshot) {

  /** A line that gives nothing but its URL (a seeds file's). */
  static JobLine of(String baseUrl) {
    return new JobLine(
        null, baseUrl, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }
}
