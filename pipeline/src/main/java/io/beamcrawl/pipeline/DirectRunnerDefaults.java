package io.beamcrawl.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The Direct runner's development checks, off unless the command line turns them on: one encodes
 * every element a step reads to see that it was not changed, the other every element a step
 * outputs. For whole pages through the unrolled rounds that costs more than the crawl itself.
 */
final class DirectRunnerDefaults {

  private static final List<String> CHECKS = List.of("enforceImmutability", "enforceEncodability");

  private DirectRunnerDefaults() {}

  /** The flags with each check set to false, unless the flags already set it. */
  static String[] addTo(List<String> flags) {
    List<String> all = new ArrayList<>(flags);
    for (String check : CHECKS) {
      String flag = "--" + check;
      if (flags.stream().noneMatch(given -> given.equals(flag) || given.startsWith(flag + "="))) {
        all.add(flag + "=false");
      }
    }
    return all.toArray(String[]::new);
  }
}
