package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.model.CrawlJob;
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
  public void takesOnlyTheRoomLeftAndGetsItBackOnRelease() {
    PagesInFlight bound = PagesInFlight.atMost("in-flight-unit", 4);
    bound.open();
    assertEquals(4, bound.takeUpTo(10));
    assertEquals(0, bound.takeUpTo(1));
    bound.release(2);
    assertEquals(2, bound.inFlight());
    assertEquals(2, bound.takeUpTo(10));
    assertEquals(4, bound.inFlight());
    bound.close();
  }

  @Test
  public void unboundedTakesAllItAsksFor() {
    assertEquals(500, PagesInFlight.unbounded().takeUpTo(500));
  }

  @Test
  public void refusesABoundBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> PagesInFlight.atMost("run", 0));
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
    PagesInFlight bound = PagesInFlight.atMost("in-flight-pipeline", BOUND);
    PCollection<String> done =
        pipeline
            .apply(Create.of(job).withCoder(SerializableCoder.of(CrawlJob.class)))
            .apply(
                Crawl.of(TestCrawlSettings.of("in-flight-pipeline", 4))
                    .withPagesInFlight(bound)
                    .withBatches(3, Duration.ofMillis(200)))
            .get(Crawl.PAGES)
            .apply(
                "Arrived",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        page -> {
                          MOST_BETWEEN.accumulateAndGet(BETWEEN.incrementAndGet(), Math::max);
                          return page.entry().url();
                        }))
            .apply("SlowStep", ParDo.of(new SlowStepFn()))
            .apply(bound.done());

    PAssert.that(done).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
    // A fast site and a slow step: unbounded, the crawl would be dozens of pages ahead.
    assertTrue("most pages in flight: " + MOST_BETWEEN.get(), MOST_BETWEEN.get() <= BOUND);
    assertTrue(MOST_BETWEEN.get() > 0);
  }

  /** A step that takes 20 ms a page; a page it lets through is no longer counted in between. */
  private static final class SlowStepFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String url, OutputReceiver<String> out)
        throws InterruptedException {
      Thread.sleep(20);
      BETWEEN.decrementAndGet();
      out.output(url);
    }
  }
}
