package io.beamcrawl.pipeline;

import io.beamcrawl.crawl.Crawl;
import io.beamcrawl.extract.ExtractData;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/** Prints a progress line every few seconds while a run goes: pages of the budget, failures, rate. */
final class Progress {

  /** What a run's progress is counted in: two counters and the word for what they count. */
  enum Measure {
    FETCHED(Crawl.PAGES_FETCHED, Crawl.PAGES_FAILED, "fetched"),
    EXTRACTED(ExtractData.PAGES_EXTRACTED, ExtractData.EXTRACTIONS_FAILED, "extracted");

    private final String done;
    private final String failed;
    private final String verb;

    Measure(String done, String failed, String verb) {
      this.done = done;
      this.failed = failed;
      this.verb = verb;
    }
  }

  private final PrintStream out;
  private final Measure measure;
  private final long budget;
  private final int intervalSeconds;
  private final long start = System.nanoTime();

  /** Made before the pipeline runs: some runners (Flink) return from run() only at the end. */
  Progress(PrintStream out, Measure measure, long budget, int intervalSeconds) {
    this.out = out;
    this.measure = measure;
    this.budget = budget;
    this.intervalSeconds = intervalSeconds;
  }

  /** Waits for the run to end, reporting progress meanwhile. */
  void watch(PipelineResult result) {
    long lastPrinted = -1;
    PipelineResult.State state;
    do {
      state = result.waitUntilFinish(Duration.standardSeconds(intervalSeconds));
      long fetched = counter(result, measure.done);
      long failed = counter(result, measure.failed);
      if (fetched + failed != lastPrinted) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        out.printf(
            Locale.ROOT,
            "  %d of at most %d pages %s, %d failed, %.1f pages/s%n",
            fetched + failed, budget, measure.verb, failed, (fetched + failed) / seconds);
        lastPrinted = fetched + failed;
      }
    } while (state == null || !state.isTerminal());
  }

  private static long counter(PipelineResult result, String name) {
    try {
      MetricQueryResults metrics =
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.named(Crawl.METRICS_NAMESPACE, name))
                      .build());
      long total = 0;
      for (MetricResult<Long> counter : metrics.getCounters()) {
        // Committed values are not supported by every runner; attempted ones are.
        total += counter.getAttempted();
      }
      return total;
    } catch (UnsupportedOperationException e) {
      return 0;
    }
  }
}
