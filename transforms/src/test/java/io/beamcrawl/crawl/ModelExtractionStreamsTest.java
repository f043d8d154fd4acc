package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.extract.ExtractData;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.extract.JobExtraction;
import io.beamcrawl.extract.llm.LlmExtractor;
import io.beamcrawl.extract.llm.LlmSettings;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.testing.FakeChatServer;
import io.beamcrawl.testing.TestWebServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/** A model job's pages go to the model while its site is still being crawled. */
public class ModelExtractionStreamsTest {

  private static final int PAGES = 80;

  /** What the pipeline output, for the test to read after the run (the Direct runner's JVM). */
  private static final ConcurrentLinkedQueue<ExtractedPage> OUT = new ConcurrentLinkedQueue<>();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final TestWebServer site = TestWebServer.start("127.0.0.11");
  private final FakeChatServer llm = FakeChatServer.start();

  @After
  public void stop() {
    site.close();
    llm.close();
  }

  private PipelineResult crawlAndExtract(Double maxCredits, int callsPerJob) {
    OUT.clear();
    site.homeLinkingTo(PAGES);
    site.setResponseDelay(Duration.ofMillis(30));
    CrawlJob job =
        new CrawlJob(
            "model", site.url("/"), List.of(site.url("/")), null, "Give the page title",
            PAGES + 1, 1, List.of(), List.of(), false, false, false, null, maxCredits, null);
    LlmExtractor extractor =
        LlmExtractor.create(
            LlmSettings.of(llm.endpoint(), "test-model")
                .withTokenLimits(2_000, 256)
                .withTimeout(Duration.ofSeconds(5))
                .withRetries(1, Duration.ofMillis(100), Duration.ofSeconds(1)),
            "Give the page title");
    Map<String, JobExtraction> extraction =
        Map.of("model", new JobExtraction(JobExtraction.Kind.LLM, extractor, maxCredits));
    pipeline
        .apply(Create.of(job).withCoder(SerializableCoder.of(CrawlJob.class)))
        .apply(
            Crawl.of(TestCrawlSettings.of("model-streams", 2)).withBatches(5, Duration.ofMillis(300)))
        .get(Crawl.PAGES)
        .apply(
            ExtractData.using(extraction, Pricing.DEFAULT)
                .withModelCalls("model-streams", callsPerJob, 16))
        .apply(ParDo.of(new Collect()));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }

  @Test
  public void theFirstModelCallPrecedesTheLastFetchAndItsCountersReachThePipeline() {
    llm.delayNext(1_000, Duration.ofMillis(20));
    PipelineResult result = crawlAndExtract(null, 2);

    assertEquals(PAGES + 1, OUT.size());
    Instant firstCall = llm.requests().get(0).arrived();
    Instant lastFetch =
        site.requests().stream().map(TestWebServer.Request::arrived).max(Instant::compareTo).get();
    assertTrue(
        "first model call " + firstCall + ", last fetch " + lastFetch, firstCall.isBefore(lastFetch));
    // The counters the pipeline reports are those of the pages it wrote.
    long failed = OUT.stream().filter(page -> page.extraction().failed()).count();
    assertTrue("extractions that failed: " + failed, failed < PAGES / 10);
    assertEquals(PAGES + 1 - failed, counter(result, ExtractData.PAGES_EXTRACTED));
    assertEquals(failed, counter(result, ExtractData.EXTRACTIONS_FAILED));
    assertEquals(
        OUT.stream().mapToLong(ExtractedPage::inputTokens).sum(),
        counter(result, ExtractData.INPUT_TOKENS));
    assertTrue(counter(result, ExtractData.INPUT_TOKENS) > 0);
    assertTrue(counter(result, ExtractData.MILLICREDITS_USED) > 0);
  }

  @Test
  public void concurrentCallsNeverTakeAJobOverItsCreditCap() {
    llm.delayNext(1_000, Duration.ofMillis(150));
    double cap = 20;
    crawlAndExtract(cap, 4);

    assertEquals(PAGES + 1, OUT.size());
    double sent =
        OUT.stream().filter(page -> !page.overCreditBudget()).mapToDouble(ExtractedPage::creditsUsed).sum();
    long overCap = OUT.stream().filter(ExtractedPage::overCreditBudget).count();
    assertTrue("credits of the pages sent to the model: " + sent, sent <= cap);
    assertTrue("pages sent: " + llm.requests().size(), llm.requests().size() >= 4);
    assertTrue(overCap > 0);
    assertEquals(PAGES + 1 - overCap, llm.requests().size());
    assertTrue("most calls at once: " + llm.maxConcurrentRequests(), llm.maxConcurrentRequests() >= 2);
  }

  private static long counter(PipelineResult result, String name) {
    Iterable<MetricResult<Long>> counters =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(Crawl.METRICS_NAMESPACE, name))
                    .build())
            .getCounters();
    long sum = 0;
    for (MetricResult<Long> counter : counters) {
      sum += counter.getCommitted();
    }
    return sum;
  }

  private static final class Collect extends DoFn<ExtractedPage, Void> {
    @ProcessElement
    public void process(@Element ExtractedPage page) {
      OUT.add(page);
    }
  }
}
