package io.beamcrawl.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.beamcrawl.model.ChangeStatus;
import java.util.Map;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

public class JobStatsTest {

  @Test
  public void addsPagesAndMergesInAnyOrder() {
    JobStats a = new JobStats().add(true, 200, 100, 1_000, 50, 10, 5, 2.0);
    JobStats b = new JobStats().add(false, 404, 20, 900, 30, 0, 0, 0).add(true, 200, 300, 1_200, 100, 1, 1, 2.0);
    JobStats merged = new JobStats().merge(a).merge(b);
    assertEquals(2, merged.pagesCrawled());
    assertEquals(1, merged.pagesFailed());
    assertEquals(Map.of(200, 2L, 404, 1L), merged.statusCodeCounts());
    assertEquals(420, merged.bytesFetched());
    assertEquals(11, merged.inputTokens());
    assertEquals(6, merged.outputTokens());
    assertEquals(4.0, merged.creditsUsed(), 0);
    assertEquals(1_300 - 900, merged.durationMillis());
    assertEquals("completed", merged.status());
    assertEquals(merged.statusCodeCounts(), new JobStats().merge(b).merge(a).statusCodeCounts());
  }

  @Test
  public void pagesAreCountedByHowTheyCompareWithTheEarlierCrawl() {
    JobStats a = new JobStats().addChange(ChangeStatus.NEW).addChange(ChangeStatus.UNCHANGED).addChange(null);
    JobStats b = new JobStats().addChange(ChangeStatus.UNCHANGED).addChange(ChangeStatus.GONE);
    JobStats merged = new JobStats().merge(b).merge(a);
    assertEquals(1, merged.pages(ChangeStatus.NEW));
    assertEquals(0, merged.pages(ChangeStatus.CHANGED));
    assertEquals(2, merged.pages(ChangeStatus.UNCHANGED));
    assertEquals(1, merged.pages(ChangeStatus.GONE));
    assertEquals(merged, new JobStats().merge(a).merge(b));
  }

  @Test
  public void aJobWithNoSuccessFailsAndAnEmptyOneHasNoTimes() {
    assertEquals("failed", new JobStats().add(false, 0, 0, 5, 5, 0, 0, 0).status());
    JobStats empty = new JobStats();
    assertEquals("failed", empty.status());
    assertNull(empty.firstFetchStart());
    assertEquals(0, empty.durationMillis());
  }

  @Test
  public void theCoderKeepsEveryField() throws Exception {
    JobStats stats =
        new JobStats()
            .add(true, 200, 100, 1_000, 50, 10, 5, 2.5)
            .add(false, 503, 20, 900, 30, 0, 0, 0)
            .addExtraction(true, true)
            .addLinkSelection(7, 3, true)
            .addChange(ChangeStatus.CHANGED);
    CoderProperties.coderDecodeEncodeEqual(JobStatsCoder.of(), stats);
    CoderProperties.coderDecodeEncodeEqual(JobStatsCoder.of(), new JobStats());
    JobStats copy = CoderUtils.clone(JobStatsCoder.of(), stats);
    assertEquals(Map.of(200, 1L, 503, 1L), copy.statusCodeCounts());
    assertEquals(3, copy.crawlOutputTokens());
    assertEquals(1, copy.pages(ChangeStatus.CHANGED));
  }

  @Test
  public void pricingChargesSuccessfulPagesOnly() {
    assertEquals(2.0, Pricing.DEFAULT.creditsFor(true, 0, 0), 0);
    assertEquals(0.0, Pricing.DEFAULT.creditsFor(false, 1000, 1000), 0);
    assertEquals(3.5, new Pricing(1, 1, 0.5, Pricing.Rounding.NONE).creditsFor(true, 2000, 1000), 1e-9);
  }
}
