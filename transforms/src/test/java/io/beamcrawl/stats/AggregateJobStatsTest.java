package io.beamcrawl.stats;

import static org.junit.Assert.assertEquals;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.UrlCounts;
import io.beamcrawl.crawl.UrlDecision;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class AggregateJobStatsTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static CrawlJob job(String id) {
    return new CrawlJob(id, "http://h/", List.of("http://h/"), null, null, 10, 1, List.of(), List.of(), false, false, false, null, null, null);
  }

  private static ExtractedPage page(String job, String path, int status, long bytes, long start, long millis, double credits) {
    FetchResult fetch = new FetchResult(
        "http://h" + path, "http://h" + path, List.of(), "GET", status, List.of(), List.of(), List.of(),
        null, null, start, millis, null, bytes, false, "text/html", null,
        status >= 400 ? FetchError.HTTP_ERROR : null, null);
    return new ExtractedPage(
        new CrawledPage(new FrontierUrl(job, "http://h" + path, 0, null), fetch, null, null, null, 0, 1),
        null, credits, false);
  }

  @Test
  public void sumsEachJobsPagesAndGivesEveryJobARow() {
    PCollection<CrawlJob> jobs =
        pipeline.apply("Jobs", Create.of(job("a"), job("b"), job("idle")).withCoder(SerializableCoder.of(CrawlJob.class)));
    PCollection<KV<String, UrlCounts>> counts =
        pipeline.apply("Counts", Create.of(
                KV.of("a", UrlCounts.of(UrlDecision.SCHEDULED, 3).plus(UrlCounts.of(UrlDecision.OVER_BUDGET, 4))),
                KV.of("idle", UrlCounts.of(UrlDecision.DISALLOWED_BY_ROBOTS, 1)))
            .withCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(UrlCounts.class))));
    PCollection<JobSummary> summaries =
        pipeline
            .apply("Pages", Create.of(
                    page("a", "/1", 200, 100, 1_000, 10, 2),
                    page("a", "/2", 200, 50, 1_005, 20, 2),
                    page("a", "/3", 404, 7, 990, 5, 0),
                    page("b", "/", 500, 3, 2_000, 1, 0))
                .withCoder(SerializableCoder.of(ExtractedPage.class)))
            .apply(AggregateJobStats.of(jobs, counts, Pricing.DEFAULT));

    PAssert.that(summaries).satisfies(rows -> {
      Map<String, JobSummary> byId = new java.util.HashMap<>();
      rows.forEach(row -> byId.put(row.job().id(), row));
      assertEquals(3, byId.size());
      JobStats a = byId.get("a").stats();
      assertEquals(2, a.pagesCrawled());
      assertEquals(1, a.pagesFailed());
      assertEquals(Map.of(200, 2L, 404, 1L), a.statusCodeCounts());
      assertEquals(157, a.bytesFetched());
      assertEquals(4.0, a.creditsUsed(), 0);
      assertEquals(1_025 - 990, a.durationMillis());
      assertEquals(7, byId.get("a").urls().discovered());
      assertEquals("failed", byId.get("b").stats().status());
      assertEquals(UrlCounts.ZERO, byId.get("b").urls());
      assertEquals(0, byId.get("idle").stats().pagesCrawled() + byId.get("idle").stats().pagesFailed());
      assertEquals(1, byId.get("idle").urls().disallowedByRobots());
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
