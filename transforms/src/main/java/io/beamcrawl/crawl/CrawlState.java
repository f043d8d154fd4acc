package io.beamcrawl.crawl;

import io.beamcrawl.model.FrontierUrl;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;

/** The collections that carry a crawl from one round to the next. */
final class CrawlState {

  /** URLs found this round (seeds in round 0), not yet deduplicated, scoped or budgeted. */
  static final TupleTag<FrontierUrl> CANDIDATES = new TupleTag<>() {};
  /** URLs selected for fetching this round. */
  static final TupleTag<FrontierUrl> FRONTIER = new TupleTag<>() {};
  /** Every (job, URL) key discovered so far, whatever became of it. */
  static final TupleTag<KV<String, Void>> SEEN = new TupleTag<>() {};
  /** Per job: how many URLs have been scheduled for fetching so far. */
  static final TupleTag<KV<String, Long>> SCHEDULED = new TupleTag<>() {};
  /** Per job: what became of newly discovered URLs. */
  static final TupleTag<KV<String, UrlCounts>> URL_COUNTS = new TupleTag<>() {};
  /** Pages fetched this round. */
  static final TupleTag<CrawledPage> PAGES = new TupleTag<>() {};

  private CrawlState() {}

  @SafeVarargs
  static <T> PCollection<T> flatten(String name, PCollection<T> first, PCollection<T>... rest) {
    return PCollectionList.of(first).and(java.util.List.of(rest)).apply(name, Flatten.pCollections());
  }
}
