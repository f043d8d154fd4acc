package io.beamcrawl.crawl;

import io.beamcrawl.model.EarlierPage;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * Where a worker reads what the earlier crawls of a run's incremental jobs fetched: once, by the
 * first of its sites that needs it, as it reads robots.txt; not carried through the pipeline, so
 * a crawl that is checkpointed every second does not copy it each time.
 */
public interface EarlierCrawls extends Serializable {

  /** Per incremental job id, its earlier crawl's successes by URL. */
  Map<String, Map<String, EarlierPage>> read() throws IOException;
}
