package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Crawls every site of a bundle at once, on one {@link CrawlEngine} for the bundle: each element
 * starts its site's crawl and hands on what the bundle's sites have fetched so far; the bundle's
 * end hands on the rest as it comes, until every site is done, then stops the engine. For runners
 * that make a whole partition one bundle and pass outputs on at once, and that run a splittable
 * DoFn one element at a time (Flink's batch mode): there a slot crawls all of its sites together.
 *
 * <p>A failed bundle is retried whole, as Beam retries any bundle: nothing of it outlives it.
 */
final class CrawlBundleFn extends DoFn<KV<String, List<CrawlJob>>, List<CrawledPage>> {

  /** How long the bundle's end waits for a page before it looks again (cancellation is seen). */
  private static final long POLL_MILLIS = 500;

  private final CrawlSettings settings;
  private final int batchPages;
  private final CrawlCounters counters = new CrawlCounters();
  private transient CrawlEngine engine;
  private transient BlockingQueue<Handover> handovers;
  private transient int sitesLeft;

  /** Where handed-on pages and URL counts go: the element's receiver, or the bundle's end. */
  private interface Emitter {
    void pages(List<CrawledPage> pages);

    void counts(KV<String, UrlCounts> counts);
  }

  CrawlBundleFn(CrawlSettings settings, int batchPages) {
    this.settings = settings;
    this.batchPages = batchPages;
  }

  @StartBundle
  public void startBundle() {
    engine = new CrawlEngine(settings);
    handovers = new LinkedBlockingQueue<>();
    sitesLeft = 0;
  }

  @ProcessElement
  public void process(@Element KV<String, List<CrawlJob>> site, MultiOutputReceiver out) {
    engine.start(site.getValue(), 0, handovers);
    sitesLeft++;
    handOn(
        null,
        new Emitter() {
          @Override
          public void pages(List<CrawledPage> pages) {
            out.get(Crawl.PAGE_BATCHES).output(pages);
          }

          @Override
          public void counts(KV<String, UrlCounts> counts) {
            out.get(Crawl.URL_COUNTS).output(counts);
          }
        });
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws InterruptedException {
    if (engine == null) {
      return; // the bundle failed and is being cancelled: nothing more to hand on
    }
    Emitter atEnd =
        new Emitter() {
          @Override
          public void pages(List<CrawledPage> pages) {
            context.output(
                Crawl.PAGE_BATCHES, pages, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
          }

          @Override
          public void counts(KV<String, UrlCounts> counts) {
            context.output(
                Crawl.URL_COUNTS, counts, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
          }
        };
    try {
      while (sitesLeft > 0) {
        Handover first = handovers.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          handOn(first, atEnd);
        }
      }
    } finally {
      stopEngine();
    }
  }

  @Teardown
  public void teardown() {
    stopEngine(); // a bundle that failed
  }

  /** Hands on {@code first}, if any, and what else the bundle's sites have fetched. */
  private void handOn(Handover first, Emitter emit) {
    List<Handover> items = new ArrayList<>();
    if (first != null) {
      items.add(first);
    }
    handovers.drainTo(items);
    List<CrawledPage> batch = new ArrayList<>();
    for (Handover item : items) {
      CrawledPage page = item.pageOrThrow();
      if (page == null) {
        sitesLeft--;
        item.site().urlCounts().forEach((jobId, counts) -> emit.counts(KV.of(jobId, counts)));
        continue;
      }
      item.site().handedOver(1);
      batch.add(page);
      if (batch.size() == batchPages) {
        emitPages(batch, emit);
        batch = new ArrayList<>();
      }
    }
    emitPages(batch, emit);
  }

  private void emitPages(List<CrawledPage> batch, Emitter emit) {
    if (!batch.isEmpty()) {
      emit.pages(batch);
      counters.count(batch);
    }
  }

  private void stopEngine() {
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }
}
