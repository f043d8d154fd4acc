package io.beamcrawl.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Direct runner settings for crawling, each kept when the command line sets it.
 *
 * <ul>
 *   <li>Its development checks are off: one encodes every element a step reads to see that it
 *       was not changed, the other every element a step outputs: whole pages, at every step.
 *   <li>It works on {@code targetParallelism} bundles at once. A crawl gets one at a time
 *       ({@link #fitToRun}): each site's crawl runs on its own threads and its calls only hand
 *       pages over, the calls of all sites waiting a second a round between them, so one bundle
 *       serves every site and the steps after them; and no thread is left idle for the runner's monitor loop, which spins on any idle
 *       thread while work is in progress (apache/beam#18070) and took a third of the CPU. A run
 *       that sends pages to a model, whose calls wait on the network, and a re-extraction get
 *       {@value #BUNDLES_AT_ONCE}.
 * </ul>
 */
final class DirectRunnerDefaults {

  static final int BUNDLES_AT_ONCE = 16;
  static final int BUNDLES_AT_ONCE_CRAWLING = 1;

  private static final String PARALLELISM = "targetParallelism";

  private static final Map<String, String> DEFAULTS =
      Map.of(
          "enforceImmutability", "false",
          "enforceEncodability", "false",
          PARALLELISM, String.valueOf(BUNDLES_AT_ONCE));

  private DirectRunnerDefaults() {}

  /** The flags with each default added, unless the flags already set that option. */
  static String[] addTo(List<String> flags) {
    List<String> all = new ArrayList<>(flags);
    DEFAULTS.forEach(
        (option, value) -> {
          if (!given(flags, option)) {
            all.add("--" + option + "=" + value);
          }
        });
    return all.toArray(String[]::new);
  }

  /** One bundle at a time for a crawl without model calls, unless the flags set the number. */
  static void fitToRun(PipelineOptions options, List<String> flags, boolean modelCalls) {
    if (!modelCalls && !given(flags, PARALLELISM)) {
      options.as(DirectOptions.class).setTargetParallelism(BUNDLES_AT_ONCE_CRAWLING);
    }
  }

  private static boolean given(List<String> flags, String option) {
    String flag = "--" + option;
    return flags.stream().anyMatch(given -> given.equals(flag) || given.startsWith(flag + "="));
  }
}
