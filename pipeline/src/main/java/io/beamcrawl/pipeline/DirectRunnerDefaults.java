package io.beamcrawl.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Direct runner settings for crawling, each kept when the command line sets it.
 *
 * <ul>
 *   <li>Its development checks are off: one encodes every element a step reads to see that it
 *       was not changed, the other every element a step outputs. For whole pages through the
 *       unrolled rounds that costs more than the crawl itself.
 *   <li>It works on {@code targetParallelism} bundles at once, and a round fetches each host in a
 *       bundle of its own, so that number is how many hosts are crawled at once. Its default (the
 *       cores, at least 3) is meant for work that uses the CPU; fetching mostly waits.
 * </ul>
 */
final class DirectRunnerDefaults {

  static final int HOSTS_AT_ONCE = 16;

  private static final Map<String, String> DEFAULTS =
      Map.of(
          "enforceImmutability", "false",
          "enforceEncodability", "false",
          "targetParallelism", String.valueOf(HOSTS_AT_ONCE));

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
