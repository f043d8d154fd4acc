package io.beamcrawl.crawl;

import static org.junit.Assert.assertTrue;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.testing.TestWebServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * One bundle at a time (the Direct runner's default for a crawl) serves every site: a slow site's
 * calls do not hold it while a fast site waits (more pages than its hand-over queue holds), and
 * every page of both comes out exactly once.
 */
public class OneBundleManySitesTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final TestWebServer fast = TestWebServer.start("127.0.0.12");
  private final TestWebServer slow = TestWebServer.start("127.0.0.13");

  @After
  public void stop() {
    fast.close();
    slow.close();
  }

  private static CrawlJob job(String id, TestWebServer server) {
    return new CrawlJob(
        id, server.url("/"), List.of(server.url("/")), null, null, 100, 2, List.of(), List.of(),
        false, false, false, null, null, null);
  }

  @Test
  public void aSlowSiteDoesNotHoldUpAFastOne() {
    List<String> expected = new ArrayList<>(fast.homeLinkingTo(90));
    expected.addAll(slow.homeLinkingTo(12));
    slow.setResponseDelay(Duration.ofSeconds(1)); // four at a time: about 5 s

    pipeline.getOptions().as(DirectOptions.class).setTargetParallelism(1);
    PCollectionTuple crawled =
        pipeline
            .apply(
                Create.of(job("fast", fast), job("slow", slow))
                    .withCoder(SerializableCoder.of(CrawlJob.class)))
            .apply(Crawl.of(TestCrawlSettings.of("one-bundle-test", 4)));
    PAssert.that(
            crawled
                .get(Crawl.PAGES)
                .apply(MapElements.into(TypeDescriptors.strings()).via(page -> page.entry().url())))
        .containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();

    // The fast site is crawled while the slow one still fetches, not after it: the slow site's
    // last round (four requests at a time) is still to come when the fast site's last request
    // arrives. Were the bundle held by the slow site's calls, none would be.
    Instant fastDone = last(fast);
    long slowAfter = slow.requests().stream().filter(r -> r.arrived().isAfter(fastDone)).count();
    assertTrue("fast site done " + fastDone + "; slow site's requests after it: " + slowAfter
        + " of " + slow.requests().size(), slowAfter >= 4);
  }

  private static Instant last(TestWebServer server) {
    List<TestWebServer.Request> requests = server.requests();
    return requests.get(requests.size() - 1).arrived();
  }
}
