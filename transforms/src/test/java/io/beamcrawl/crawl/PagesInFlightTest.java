package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.testing.TestWebServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

public class PagesInFlightTest {

  private static final int PAGES = 60;
  private static final int BOUND = 5;
  private static final int BATCH = 3;

  /**
   * Pages counted past the crawl and not yet through the slow step, and the most there ever were:
   * counted late and let go early, never more than hold a permit.
   */
  private static final AtomicInteger BETWEEN = new AtomicInteger();

  private static final AtomicInteger MOST_BETWEEN = new AtomicInteger();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final TestWebServer server = TestWebServer.start("127.0.0.9");

  @After
  public void stop() {
    server.close();
  }

  @Test
  public void countsTheBytesHandedOnAndHasNoRoomOnceTheyReachTheBound() {
    CrawledPage small = page(1_000);
    CrawledPage large = page(9_000);
    PagesInFlight bound = PagesInFlight.atMost("in-flight-unit", 12_000);
    bound.open();
    bound.add(List.of(small, small));
    assertEquals(2 * (1_000 + 1024), bound.inFlight());
    assertTrue(bound.hasRoom());
    bound.add(List.of(large)); // may pass the bound by what one call hands on
    assertFalse(bound.hasRoom());
    bound.remove(List.of(large));
    assertTrue(bound.hasRoom());
    assertEquals(2 * (1_000 + 1024), bound.inFlight());
    bound.close();
  }

  @Test
  public void unboundedAlwaysHasRoom() {
    PagesInFlight bound = PagesInFlight.unbounded();
    bound.add(List.of(page(1 << 30)));
    assertTrue(bound.hasRoom());
  }

  @Test
  public void refusesABoundBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> PagesInFlight.atMost("run", 0));
  }

  private static CrawledPage page(long bodyBytes) {
    FrontierUrl entry = new FrontierUrl("job", "http://127.0.0.9/", 0, null);
    FetchResult fetch =
        new FetchResult(
            entry.url(), entry.url(), List.of(), "GET", 200, List.of(), List.of(), List.of(), null,
            null, 0, 1, null, bodyBytes, false, "text/html", null, null, null);
    return new CrawledPage(entry, fetch, null, null, null, 0, 1);
  }

  @Test
  public void aCrawlAheadOfSlowStepsWaitsForThemAndLosesNothing() {
    List<String> expected = server.homeLinkingTo(PAGES);
    BETWEEN.set(0);
    MOST_BETWEEN.set(0);

    CrawlJob job =
        new CrawlJob(
            "bounded", server.url("/"), List.of(server.url("/")), null, null, 100, 2, List.of(),
            List.of(), false, false, false, null, null, null);
    // Each of these pages weighs about 1.1 KB: the bound holds about BOUND of them.
    PagesInFlight bound = PagesInFlight.atMost("in-flight-pipeline", BOUND * 1_100L);
    PCollection<String> done =
        pipeline
            .apply(Create.of(job).withCoder(SerializableCoder.of(CrawlJob.class)))
            .apply(
                Crawl.of(TestCrawlSettings.of("in-flight-pipeline", 4))
                    .withPagesInFlight(bound)
                    .withBatches(BATCH, Duration.ofMillis(200)))
            .get(Crawl.PAGES)
            .apply("Arrived", ParDo.of(new ArrivedFn()))
            .apply("SlowStep", ParDo.of(new SlowStepFn()))
            .apply(bound.done(page -> page))
            .apply(MapElements.into(TypeDescriptors.strings()).via(page -> page.entry().url()));

    PAssert.that(done).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
    // A fast site and a slow step: unbounded, the crawl would be dozens of pages ahead. Bounded,
    // it passes the bound by at most one call's batch.
    assertTrue("most pages in flight: " + MOST_BETWEEN.get(), MOST_BETWEEN.get() <= BOUND + BATCH);
    assertTrue(MOST_BETWEEN.get() > 0);
  }

  /** Counts a page in between as soon as the crawl has handed it on. */
  private static final class ArrivedFn extends DoFn<CrawledPage, CrawledPage> {
    @ProcessElement
    public void process(@Element CrawledPage page, OutputReceiver<CrawledPage> out) {
      MOST_BETWEEN.accumulateAndGet(BETWEEN.incrementAndGet(), Math::max);
      out.output(page);
    }
  }

  /** A step that takes 20 ms a page; a page it lets through is no longer counted in between. */
  private static final class SlowStepFn extends DoFn<CrawledPage, CrawledPage> {
    @ProcessElement
    public void process(@Element CrawledPage page, OutputReceiver<CrawledPage> out)
        throws InterruptedException {
      Thread.sleep(20);
      BETWEEN.decrementAndGet();
      out.output(page);
    }
  }
}
