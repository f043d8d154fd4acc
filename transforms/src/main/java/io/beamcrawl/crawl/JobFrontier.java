package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One job's frontier: the links offered at the current depth and every URL the job has seen.
 * {@link #selectNext} turns the offered links into the next depth's fetch list: drops URLs the job
 * has already seen, then those out of scope or looking like a crawler trap, then those robots.txt
 * disallows, and cuts the rest to the job's remaining budget in {@link BudgetCut#ORDER}. Every
 * distinct URL lands in exactly one {@link UrlCounts} bucket.
 *
 * <p>Whatever order pages finish in, the same links give the same selection: of a link's finders
 * the same one is kept ({@link #FIRST_FINDER}), and the cut is over the whole depth at once.
 * Thread-safe: pages of one depth offer their links concurrently.
 */
final class JobFrontier {

  /** Of two finders of one URL, the one kept: the shallowest, then the smallest parent URL. */
  static final Comparator<FrontierUrl> FIRST_FINDER =
      BudgetCut.ORDER.thenComparing(c -> c.parentUrl() == null ? "" : c.parentUrl());

  private final CrawlJob job;
  private final Scope scope;
  private final TrapRules trapRules;
  private final Set<String> seen = new HashSet<>();
  private Map<String, FrontierUrl> offered = new HashMap<>();
  private long scheduled;
  private UrlCounts counts = UrlCounts.ZERO;

  JobFrontier(CrawlJob job, TrapRules trapRules) {
    this.job = job;
    this.scope = Scope.of(job);
    this.trapRules = trapRules;
    job.seeds().forEach(seed -> offer(new FrontierUrl(job.id(), seed, 0, null)));
  }

  CrawlJob job() {
    return job;
  }

  Scope scope() {
    return scope;
  }

  /** A link found on a page (or a seed); links already seen are dropped at once. */
  synchronized void offer(FrontierUrl link) {
    if (!seen.contains(link.url())) {
      offered.merge(link.url(), link, JobFrontier::firstFinder);
    }
  }

  /** A URL reached without being selected (a redirect hop): never fetched again. */
  synchronized void markSeen(String url) {
    seen.add(url);
  }

  /** The next depth's URLs to fetch, from everything offered since the last call. */
  synchronized List<FrontierUrl> selectNext(Predicate<String> allowedByRobots) {
    List<FrontierUrl> allowed = new ArrayList<>();
    for (FrontierUrl candidate : offered.values()) {
      if (!seen.add(candidate.url())) {
        continue; // a redirect hop marked after the link was offered
      }
      UrlCounts dropped = drop(candidate, allowedByRobots);
      if (dropped == null) {
        allowed.add(candidate);
      } else {
        counts = counts.plus(dropped);
      }
    }
    offered = new HashMap<>();
    BudgetCut.Result cut = BudgetCut.cut(allowed, job.maxPages() - scheduled);
    scheduled += cut.selected().size();
    counts =
        counts
            .plus(UrlCounts.of(UrlDecision.SCHEDULED, cut.selected().size()))
            .plus(UrlCounts.of(UrlDecision.OVER_BUDGET, cut.overBudget().size()));
    return cut.selected();
  }

  /** What became of the job's URLs so far. */
  synchronized UrlCounts counts() {
    return counts;
  }

  /** Why a candidate is not fetched, as its count; null when it may be. Seeds are in scope. */
  private UrlCounts drop(FrontierUrl candidate, Predicate<String> allowedByRobots) {
    if (candidate.parentUrl() != null) {
      if (!scope.contains(candidate.url())) {
        return UrlCounts.of(UrlDecision.OUT_OF_SCOPE, 1);
      }
      String trap = trapRules.check(candidate.url());
      if (trap != null) {
        return UrlCounts.trapped(trap, 1);
      }
    }
    return allowedByRobots.test(candidate.url())
        ? null
        : UrlCounts.of(UrlDecision.DISALLOWED_BY_ROBOTS, 1);
  }

  static FrontierUrl firstFinder(FrontierUrl a, FrontierUrl b) {
    return FIRST_FINDER.compare(b, a) < 0 ? b : a;
  }
}
