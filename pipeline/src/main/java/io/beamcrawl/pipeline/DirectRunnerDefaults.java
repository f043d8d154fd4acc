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
 *   <li>It works on {@code targetParallelism} bundles at once, and each site being crawled holds
 *       one while it waits for pages, so that number bounds the sites crawled at once with the
 *       steps after them. Its default (the cores, at least 3) is meant for work that uses the CPU;
 *       fetching mostly waits. A crawl of one site gets one bundle at a time ({@link
 *       #fitToSites}): the steps after the crawl run between its calls, and no thread is left
 *       idle for the runner's monitor loop, which spins on any idle thread while work is in
 *       progress (apache/beam#18070) and took a third of the CPU.
 * </ul>
 */
final class DirectRunnerDefaults {

  static final int BUNDLES_AT_ONCE = 16;
  static final int BUNDLES_AT_ONCE_FOR_ONE_SITE = 1;

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

  /** One bundle at a time for a crawl of one site, unless the flags set the number. */
  static void fitToSites(PipelineOptions options, List<String> flags, long sites) {
    if (sites == 1 && !given(flags, PARALLELISM)) {
      options.as(DirectOptions.class).setTargetParallelism(BUNDLES_AT_ONCE_FOR_ONE_SITE);
    }
  }

  private static boolean given(List<String> flags, String option) {
    String flag = "--" + option;
    return flags.stream().anyMatch(given -> given.equals(flag) || given.startsWith(flag + "="));
  }
}
