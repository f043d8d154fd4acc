package io.beamcrawl.extract;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.stats.Pricing;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The pages an incremental crawl found unchanged, each with its earlier row's content: markdown,
 * data and extraction carried over, joined by job and URL, at no model cost. What a page costs
 * for being fetched it still costs.
 */
public final class CarryOverUnchanged
    extends PTransform<PCollection<CrawledPage>, PCollection<ExtractedPage>> {

  private final PCollection<ExtractedPage> earlier;
  private final Pricing pricing;

  private CarryOverUnchanged(PCollection<ExtractedPage> earlier, Pricing pricing) {
    this.earlier = earlier;
    this.pricing = pricing;
  }

  /** @param earlier the earlier crawls' pages ({@code ReadEarlierCrawls}) */
  public static CarryOverUnchanged from(PCollection<ExtractedPage> earlier, Pricing pricing) {
    return new CarryOverUnchanged(earlier, pricing);
  }

  @Override
  public PCollection<ExtractedPage> expand(PCollection<CrawledPage> unchanged) {
    TupleTag<CrawledPage> now = new TupleTag<>();
    TupleTag<ExtractedPage> before = new TupleTag<>();
    return KeyedPCollectionTuple.of(
            now,
            unchanged.apply(
                "KeyNow",
                WithKeys.of((CrawledPage page) -> key(page)).withKeyType(TypeDescriptors.strings())))
        .and(
            before,
            earlier.apply(
                "KeyBefore",
                WithKeys.of((ExtractedPage page) -> key(page.page()))
                    .withKeyType(TypeDescriptors.strings())))
        .apply("JoinByUrl", CoGroupByKey.create())
        .apply("Carry", ParDo.of(new Carry(now, before, pricing)));
  }

  private static String key(CrawledPage page) {
    return page.entry().jobId() + '\n' + page.entry().url();
  }

  private static final class Carry extends DoFn<KV<String, CoGbkResult>, ExtractedPage> {
    private final TupleTag<CrawledPage> now;
    private final TupleTag<ExtractedPage> before;
    private final Pricing pricing;

    Carry(TupleTag<CrawledPage> now, TupleTag<ExtractedPage> before, Pricing pricing) {
      this.now = now;
      this.before = before;
      this.pricing = pricing;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<ExtractedPage> out) {
      // Most earlier pages were not found unchanged: nothing here for them.
      for (CrawledPage page : joined.getValue().getAll(now)) {
        ExtractedPage stored = joined.getValue().getOnly(before, null);
        if (stored == null) {
          throw new IllegalStateException(
              "page " + page.entry().url() + " of job " + page.entry().jobId()
                  + " was found unchanged, but its earlier crawl " + page.earlierRunId()
                  + " holds no success for it");
        }
        out.output(
            ExtractedPage.priced(
                page.carriedFrom(stored.page()), stored.extraction(), false, pricing));
      }
    }
  }
}
