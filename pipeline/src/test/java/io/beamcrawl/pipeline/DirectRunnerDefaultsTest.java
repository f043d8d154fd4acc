package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class DirectRunnerDefaultsTest {

  private static DirectOptions parse(String... flags) {
    return PipelineOptionsFactory.fromArgs(DirectRunnerDefaults.addTo(List.of(flags)))
        .as(DirectOptions.class);
  }

  @Test
  public void checksAreOffByDefault() {
    DirectOptions options = parse();
    assertEquals(false, options.isEnforceImmutability());
    assertEquals(false, options.isEnforceEncodability());
    assertEquals(DirectRunnerDefaults.BUNDLES_AT_ONCE, options.getTargetParallelism());
  }

  @Test
  public void theCommandLineSetsThemOtherwise() {
    DirectOptions options =
        parse("--enforceImmutability", "--enforceEncodability=true", "--targetParallelism=2");
    assertEquals(true, options.isEnforceImmutability());
    assertEquals(true, options.isEnforceEncodability());
    assertEquals(2, options.getTargetParallelism());
  }

  @Test
  public void aCrawlWorksOnOneBundleAtATimeUnlessItCallsAModelOrTheFlagsSayOtherwise() {
    DirectOptions crawl = parse();
    DirectRunnerDefaults.fitToRun(crawl, List.of(), false);
    assertEquals(DirectRunnerDefaults.BUNDLES_AT_ONCE_CRAWLING, crawl.getTargetParallelism());

    DirectOptions modelCalls = parse();
    DirectRunnerDefaults.fitToRun(modelCalls, List.of(), true);
    assertEquals(DirectRunnerDefaults.BUNDLES_AT_ONCE, modelCalls.getTargetParallelism());

    DirectOptions given = parse("--targetParallelism=8");
    DirectRunnerDefaults.fitToRun(given, List.of("--targetParallelism=8"), false);
    assertEquals(8, given.getTargetParallelism());
  }

  /** Only the Direct runner lacks back-pressure. */
  @Test
  public void pagesInFlightAreBoundedOnTheDirectRunner() {
    assertTrue(RunSettings.of(crawlOptions()).pagesInFlight("run").isBounded());
    assertFalse(RunSettings.of(crawlOptions("--maxMiBInFlight=0")).pagesInFlight("run").isBounded());
    assertFalse(RunSettings.of(crawlOptions("--runner=FlinkRunner")).pagesInFlight("run").isBounded());
  }

  private static CrawlOptions crawlOptions(String... flags) {
    return PipelineOptionsFactory.fromArgs(DirectRunnerDefaults.addTo(List.of(flags)))
        .as(CrawlOptions.class);
  }
}
