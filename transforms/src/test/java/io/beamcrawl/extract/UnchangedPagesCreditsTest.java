package io.beamcrawl.extract;

import static org.junit.Assert.assertEquals;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.extract.llm.LlmExtractor;
import io.beamcrawl.extract.llm.LlmSettings;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.model.ChangeStatus;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.parse.ParsedPage;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.testing.FakeChatServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * Pages an incremental crawl found unchanged are not extracted again, and their page credits
 * count towards their job's cap as they come: ten of them (2 credits each) ahead of a changed
 * page leave a cap of 21 no room for its call (at most about 3 credits), which a cap of 100 has.
 */
public class UnchangedPagesCreditsTest {

  private static final int UNCHANGED = 10;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final FakeChatServer llm = FakeChatServer.start();

  @After
  public void stop() {
    llm.close();
  }

  private PCollection<String> extract(double cap) {
    List<CrawledPage> pages = new ArrayList<>();
    for (int i = 0; i < UNCHANGED; i++) {
      String url = "https://site.test/u" + i;
      FetchResult notModified =
          new FetchResult(url, url, List.of(), "GET", 304, List.of(), List.of(), List.of(), null,
              null, 0, 1, null, 0, false, null, null, null, null);
      pages.add(new CrawledPage(new FrontierUrl("job", url, 1, null), notModified, null, null, "d",
          0, 1).withChange(ChangeStatus.UNCHANGED, "run-1"));
    }
    String url = "https://site.test/changed";
    FetchResult ok =
        new FetchResult(url, url, List.of(), "GET", 200, List.of(), List.of(), List.of(), null, null,
            0, 1, null, 100, false, "text/html", null, null, null);
    ParsedPage parsed = new ParsedPage("Changed", "<p>New text.</p>", "UTF-8", List.of(), null,
        false, false, List.of(), "New text.", null);
    pages.add(new CrawledPage(new FrontierUrl("job", url, 1, null), ok, parsed, "text/html", "e", 0,
        1).withChange(ChangeStatus.CHANGED, "run-1"));

    LlmExtractor extractor =
        LlmExtractor.create(
            LlmSettings.of(llm.endpoint(), "test-model")
                .withTokenLimits(2_000, 256)
                .withTimeout(Duration.ofSeconds(5))
                .withRetries(1, Duration.ofMillis(100), Duration.ofSeconds(1)),
            "Give the page title");
    Map<String, JobExtraction> extraction =
        Map.of("job", new JobExtraction(JobExtraction.Kind.LLM, extractor, cap));
    return pipeline
        // One element, so the pages come in one bundle, in the crawl's order.
        .apply(Create.<List<CrawledPage>>of(pages)
            .withCoder(ListCoder.of(SerializableCoder.of(CrawledPage.class))))
        .apply(Flatten.iterables())
        .apply(ExtractData.using(extraction, Pricing.DEFAULT).withModelCalls("unchanged-credits", 1, 1))
        .apply(
            MapElements.into(TypeDescriptors.strings())
                .via((ExtractedPage page) -> page.page().entry().url() + " " + page.overCreditBudget()));
  }

  @Test
  public void unchangedPagesTakeTheirCreditsFromTheCap() {
    PAssert.that(extract(21)).containsInAnyOrder("https://site.test/changed true");
    pipeline.run().waitUntilFinish();
    assertEquals(0, llm.requests().size());
  }

  @Test
  public void withRoomLeftTheChangedPageGoesToTheModel() {
    PAssert.that(extract(100)).containsInAnyOrder("https://site.test/changed false");
    pipeline.run().waitUntilFinish();
    assertEquals(1, llm.requests().size());
  }
}
