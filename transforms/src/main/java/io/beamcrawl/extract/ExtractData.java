package io.beamcrawl.extract;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.stats.Pricing;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Runs the extractor on every successfully parsed page and prices each page. An extractor never
 * drops a page: a failed extraction keeps it, with the markdown as its data.
 */
public final class ExtractData
    extends PTransform<PCollection<CrawledPage>, PCollection<ExtractedPage>> {

  private final Extractor extractor;
  private final Pricing pricing;

  private ExtractData(Extractor extractor, Pricing pricing) {
    this.extractor = extractor;
    this.pricing = pricing;
  }

  public static ExtractData using(Extractor extractor, Pricing pricing) {
    return new ExtractData(extractor, pricing);
  }

  @Override
  public PCollection<ExtractedPage> expand(PCollection<CrawledPage> pages) {
    return pages.apply("Extract", ParDo.of(new ExtractFn(extractor, pricing)));
  }

  static final class ExtractFn extends DoFn<CrawledPage, ExtractedPage> {
    private final Extractor extractor;
    private final Pricing pricing;

    ExtractFn(Extractor extractor, Pricing pricing) {
      this.extractor = extractor;
      this.pricing = pricing;
    }

    @ProcessElement
    public void process(@Element CrawledPage page, OutputReceiver<ExtractedPage> out) {
      ExtractionResult extraction = null;
      if (page.isSuccess() && page.parsed() != null) {
        extraction =
            extractor.extract(
                new PageContent(
                    page.fetch().finalUrl(), page.parsed().html(), page.parsed().markdown()));
      }
      long in = extraction == null ? 0 : extraction.inputTokens();
      long outTokens = extraction == null ? 0 : extraction.outputTokens();
      out.output(
          new ExtractedPage(page, extraction, pricing.creditsFor(page.isSuccess(), in, outTokens)));
    }
  }
}
