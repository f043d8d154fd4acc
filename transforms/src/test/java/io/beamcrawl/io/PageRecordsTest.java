package io.beamcrawl.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.extract.ExtractionResult;
import io.beamcrawl.fetch.Cookie;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.model.ChangeStatus;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.model.PageLink;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.parse.ParsedPage;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.Test;

public class PageRecordsTest {

  private static CrawledPage page(boolean html) {
    FetchResult fetch =
        new FetchResult(
            "https://site.test/a?x=1", "https://site.test/b", List.of("https://site.test/b"), "GET", 200,
            List.of(new Header("User-Agent", "beamcrawl/0.1")),
            List.of(new Header("Content-Type", "text/html"), new Header("Set-Cookie", "s=1")),
            List.of(new Cookie("s", "1", "site.test", "/", null, 60L, true, true, "Lax")),
            "TLSv1.3", "TLS_AES_128_GCM_SHA256", 1_700_000_000_000L, 42, null, 1234, false,
            "text/html", "utf-8", null, null);
    ParsedPage parsed =
        html
            ? new ParsedPage("Title", "<h1>Title</h1>", "UTF-8", List.of("en", "fr"),
                "https://site.test/canonical", false, false, List.of(), "# Title", null)
            : null;
    return new CrawledPage(
        new FrontierUrl("job", "https://site.test/a?x=1", 2, "https://site.test/"),
        fetch, parsed, "text/html", "sha256:ab", 7, 2, null, null, false, null,
        html ? List.of(new PageLink("https://site.test/c", "See C", "Section")) : null, null, null,
        null);
  }

  @Test
  public void aStoredRowComesBackWithItsDataAtNoCostAndItsLinks() {
    ExtractedPage extracted =
        ExtractedPage.priced(
            page(true).withChange(ChangeStatus.CHANGED, "run-1"),
            new ExtractionResult("{\"t\":1}", false, null, 120, 30, false, 1, true),
            false,
            Pricing.DEFAULT);
    GenericRecord row = PageRecords.toRecord(extracted, true);
    assertEquals("changed", row.get("change_status"));
    assertEquals("run-1", row.get("previous_crawl"));
    ExtractedPage back = PageRecords.extractedFromRecord(row, "job");
    assertEquals("{\"t\":1}", back.extraction().dataJson());
    assertTrue(back.extraction().inputTruncated());
    assertEquals(0, back.inputTokens());
    assertEquals(0, back.outputTokens());
    assertEquals(List.of(new PageLink("https://site.test/c", "See C", "Section")), back.page().links());
    assertNull("the comparison is the row's own, not carried", back.page().change());
  }

  @Test
  public void aStoredRowComesBackAsThePageItWasWrittenFrom() {
    for (boolean html : new boolean[] {true, false}) {
      ExtractedPage extracted =
          new ExtractedPage(page(html), html ? ExtractionResult.of("{\"a\":1}") : null, 2.0, false);
      GenericRecord row = PageRecords.toRecord(extracted, true);
      CrawledPage back = PageRecords.fromRecord(row, "job");
      assertEquals(
          row.toString(),
          PageRecords.toRecord(new ExtractedPage(back, extracted.extraction(), 2.0, false), true).toString());
    }
  }

  @Test
  public void aRowFiledUnderAnotherJobGetsThatJobsIdAndPageId() {
    GenericRecord row = PageRecords.toRecord(new ExtractedPage(page(true), null, 0, false), false);
    CrawledPage back = PageRecords.fromRecord(row, "other");
    assertEquals("other", back.entry().jobId());
    assertNull(back.parsed().html());
    GenericRecord again = PageRecords.toRecord(new ExtractedPage(back, null, 0, false), true);
    assertEquals(PageRecords.pageId("other", "https://site.test/a?x=1"), again.get("id"));
  }
}
