package io.beamcrawl.crawl;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** The crawl's counters, incremented on the DoFn's own thread, where the runner sees them. */
final class CrawlCounters implements Serializable {

  private final Counter pagesFetched = Metrics.counter(Crawl.METRICS_NAMESPACE, Crawl.PAGES_FETCHED);
  private final Counter pagesFailed = Metrics.counter(Crawl.METRICS_NAMESPACE, Crawl.PAGES_FAILED);
  private final Counter bytesFetched = Metrics.counter(Crawl.METRICS_NAMESPACE, Crawl.BYTES_FETCHED);

  void count(List<CrawledPage> pages) {
    for (CrawledPage page : pages) {
      (page.isSuccess() ? pagesFetched : pagesFailed).inc();
      bytesFetched.inc(page.fetch().sizeBytes());
    }
  }
}
