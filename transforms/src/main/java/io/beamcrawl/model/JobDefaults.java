package io.beamcrawl.model;

import java.io.Serializable;
import java.util.List;

/**
 * The settings a job takes from the command line for every field its own line leaves out. The
 * values themselves are defaulted on the pipeline options, the one place defaults live.
 */
public record JobDefaults(
    int maxPages,
    int maxDepth,
    List<String> includePaths,
    List<String> excludePaths,
    boolean allowSubdomains,
    boolean crawlEntireDomain,
    boolean ignoreQueryParams,
    String crawlInstruction,
    String transformInstruction,
    String schema,
    Double maxCredits,
    Double minRelevance,
    LinkSelection linkSelection,
    SitemapMode sitemap,
    boolean incremental,
    RenderRules render)
    implements Serializable {

  public JobDefaults {
    includePaths = List.copyOf(includePaths);
    excludePaths = List.copyOf(excludePaths);
  }
}
