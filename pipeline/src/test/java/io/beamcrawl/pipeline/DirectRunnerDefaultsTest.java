package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;

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
}
