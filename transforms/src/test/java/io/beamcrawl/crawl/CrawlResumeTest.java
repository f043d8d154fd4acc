package io.beamcrawl.crawl;

import static org.junit.Assert.assertTrue;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.testing.TestWebServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * A crawl resumed where the worker does not hold it (here: the worker drops its crawls while
 * they run, as one that restarted would) crawls its site again from the start and leaves out the
 * pages it had handed on: every page comes out exactly once.
 */
public class CrawlResumeTest {

  private static final int PAGES = 30;
  private static final String RUN = "resume-test";

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final List<TestWebServer> servers =
      List.of(TestWebServer.start("127.0.0.12"), TestWebServer.start("127.0.0.13"));

  @After
  public void stop() {
    servers.forEach(TestWebServer::close);
  }

  @Test
  public void aCrawlResumedWithoutItsStateHandsOnEveryPageOnce() throws Exception {
    List<String> expected = new ArrayList<>();
    List<CrawlJob> jobs = new ArrayList<>();
    for (TestWebServer server : servers) {
      expected.addAll(server.homeLinkingTo(PAGES));
      server.setResponseDelay(Duration.ofMillis(40));
      jobs.add(
          new CrawlJob(
              "site-" + jobs.size(), server.url("/"), List.of(server.url("/")), null, null, 100, 2,
              List.of(), List.of(), false, false, false, null, null, null));
    }
    PCollectionTuple crawled =
        pipeline
            .apply(Create.of(jobs).withCoder(SerializableCoder.of(CrawlJob.class)))
            .apply(
                Crawl.of(TestCrawlSettings.of(RUN, 1)).withBatches(3, Duration.ofMillis(100)));
    PAssert.that(
            crawled
                .get(Crawl.PAGES)
                .apply(MapElements.into(TypeDescriptors.strings()).via(page -> page.entry().url())))
        .containsInAnyOrder(expected);

    Thread forgetter =
        new Thread(
            () -> {
              try {
                // Three times, once the crawl is 10, 25 and 40 requests further on.
                for (int i = 1; i <= 3; i++) {
                  while (requests() < 15 * i - 5) {
                    Thread.sleep(10);
                  }
                  CrawlSitesFn.forgetCrawls(RUN);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    forgetter.setDaemon(true);
    forgetter.start();
    pipeline.run().waitUntilFinish();
    forgetter.join(10_000);

    // Each site's robots.txt and pages once, plus what the replays fetched again.
    assertTrue("requests: " + requests(), requests() > 2 * (PAGES + 2));
  }

  private int requests() {
    return servers.stream().mapToInt(server -> server.requests().size()).sum();
  }
}
