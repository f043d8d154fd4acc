package io.beamcrawl.extract;

import io.beamcrawl.parse.PageMetadata;
import org.jsoup.Jsoup;

/**
 * The default extractor: a page's metadata ({@link PageMetadata}), with no network and no model.
 * A crawled page brings it from the crawl's own parse; a page read back from storage is parsed
 * again.
 */
public final class MetadataExtractor implements Extractor {

  @Override
  public ExtractionResult extract(PageContent page) {
    if (page.metadataJson() != null) {
      return ExtractionResult.of(page.metadataJson());
    }
    try {
      return ExtractionResult.of(
          PageMetadata.json(
              Jsoup.parse(page.html() == null ? "" : page.html(), page.url() == null ? "" : page.url())));
    } catch (RuntimeException e) {
      return ExtractionResult.failed(page.markdown(), "metadata extraction failed: " + e);
    }
  }
}
