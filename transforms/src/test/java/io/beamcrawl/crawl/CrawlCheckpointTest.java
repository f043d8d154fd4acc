package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.testing.TestWebServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * A site whose crawl outlasts several of the Direct runner's checkpoints (one a second): every
 * page comes out exactly once, and the job's URL counts come out once, at the end.
 */
public class CrawlCheckpointTest {

  private static final int PAGES = 40;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final TestWebServer server = TestWebServer.start("127.0.0.9");

  @After
  public void stop() {
    server.close();
  }

  @Test
  public void aLongCrawlIsHandedOnInBatchesWithNothingLostOrTwice() {
    StringBuilder home = new StringBuilder("<html><body>");
    Set<String> expected = new TreeSet<>(List.of(server.url("/")));
    for (int i = 0; i < PAGES; i++) {
      String path = "/p" + i;
      home.append("<a href=\"").append(path).append("\">").append(i).append("</a>");
      server.page(path, "<html><body><a href=\"/\">home</a></body></html>");
      expected.add(server.url(path));
    }
    server.page("/", home.append("</body></html>").toString());
    server.setResponseDelay(Duration.ofMillis(75)); // one at a time: about 3 s, 3 checkpoints

    CrawlJob job =
        new CrawlJob(
            "slow", server.url("/"), List.of(server.url("/")), null, null, 100, 2, List.of(),
            List.of(), false, false, false, null, null, null);
    PCollectionTuple crawled =
        pipeline
            .apply(Create.of(job).withCoder(SerializableCoder.of(CrawlJob.class)))
            .apply(
                Crawl.of(TestCrawlSettings.of("checkpoint-test", 1))
                    .withBatches(3, Duration.ofMillis(200)));

    PAssert.that(
            crawled
                .get(Crawl.PAGES)
                .apply(MapElements.into(TypeDescriptors.strings()).via(page -> page.entry().url())))
        .containsInAnyOrder(new ArrayList<>(expected));
    PAssert.that(crawled.get(Crawl.URL_COUNTS))
        .containsInAnyOrder(KV.of("slow", UrlCounts.of(UrlDecision.SCHEDULED, PAGES + 1)));
    pipeline.run().waitUntilFinish();
  }
}
