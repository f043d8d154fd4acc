package io.beamcrawl.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The crawl a job must make, worked out independently of the pipeline by a plain breadth-first
 * walk over a known link graph: per depth, new links sorted by URL and cut to what is left of the
 * budget. The oracle of the pipeline tests.
 */
final class ExpectedCrawl {

  private ExpectedCrawl() {}

  static List<String> urls(
      String seed,
      int maxPages,
      int maxDepth,
      Predicate<String> inScope,
      Predicate<String> allowedByRobots,
      Map<String, List<String>> links,
      Map<String, String> redirects) {
    Set<String> seen = new HashSet<>(Set.of(seed));
    List<String> fetched = new ArrayList<>();
    List<String> frontier = allowedByRobots.test(seed) ? List.of(seed) : List.of();
    for (int depth = 0; !frontier.isEmpty(); depth++) {
      fetched.addAll(frontier);
      if (depth == maxDepth) {
        break;
      }
      TreeSet<String> found = new TreeSet<>();
      for (String url : frontier) {
        String content = redirects.getOrDefault(url, url);
        if (redirects.containsKey(url)) {
          seen.add(content);
        }
        found.addAll(links.getOrDefault(content, List.of()));
      }
      List<String> next = new ArrayList<>();
      for (String url : found) {
        if (seen.add(url) && inScope.test(url) && allowedByRobots.test(url)
            && fetched.size() + next.size() < maxPages) {
          next.add(url);
        }
      }
      frontier = next;
    }
    return fetched;
  }
}
