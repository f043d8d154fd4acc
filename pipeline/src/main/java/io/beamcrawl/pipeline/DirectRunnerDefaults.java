package io.beamcrawl.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Direct runner settings for crawling, each kept when the command line sets it.
 *
 * <ul>
 *   <li>Its development checks are off: one encodes every element a step reads to see that it
 *       was not changed, the other every element a step outputs: whole pages, at every step.
 *   <li>It works on {@code targetParallelism} bundles at once, and each site being crawled holds
 *       one while it waits for pages, so that number bounds the sites crawled at once with the
 *       steps after them. Its default (the cores, at least 3) is meant for work that uses the CPU;
 *       fetching mostly waits.
 * </ul>
 */
final class DirectRunnerDefaults {

  static final int BUNDLES_AT_ONCE = 16;

  private static final Map<String, String> DEFAULTS =
      Map.of(
          "enforceImmutability", "false",
          "enforceEncodability", "false",
          "targetParallelism", String.valueOf(BUNDLES_AT_ONCE));

  private DirectRunnerDefaults() {}

  /** The flags with each default added, unless the flags already set that option. */
  static String[] addTo(List<String> flags) {
    List<String> all = new ArrayList<>(flags);
    DEFAULTS.forEach(
        (option, value) -> {
          String flag = "--" + option;
          if (flags.stream().noneMatch(given -> given.equals(flag) || given.startsWith(flag + "="))) {
            all.add(flag + "=" + value);
          }
        });
    return all.toArray(String[]::new);
  }
}
