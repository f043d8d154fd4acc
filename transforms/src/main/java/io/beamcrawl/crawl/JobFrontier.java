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
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One job's frontier: the links offered since the last selection and every URL the job has seen.
 * {@link #selectNext} turns the offered links into the next round's fetch list: drops URLs the job
 * has already seen, then those out of scope or looking like a crawler trap, then those robots.txt
 * disallows. Without a crawl instruction a round is a depth, breadth first: the rest is cut to the
 * job's remaining budget in {@link BudgetCut#ORDER}. With one, best first: links scored below the
 * job's {@code min_relevance} are dropped, the rest wait in a pool across depths, and a round
 * takes the best of the pool ({@link #BEST_FIRST}, {@link #roundSize}), so the budget goes to the
 * most relevant links found so far. When a model picks the links ({@link #picksLinks}), a link is
 * only followed if a page it was found on picked it (or that page's call failed), and the offline
 * score ranks those. Every distinct URL lands in exactly one {@link UrlCounts} bucket.
 *
 * <p>Whatever order pages finish in, the same links give the same selection: of a link's finders
 * the same one is kept ({@link #FIRST_FINDER}, the best scored first when guided), and a round is
 * selected once all of the round before is in. Thread-safe: pages of one round offer their links
 * concurrently.
 */
final class JobFrontier {

  /** Of two finders of one URL, the one kept: the shallowest, then the smallest parent URL. */
  static final Comparator<FrontierUrl> FIRST_FINDER =
      BudgetCut.ORDER.thenComparing(c -> c.parentUrl() == null ? "" : c.parentUrl());

  /** Best first: the most relevant, then the shallowest and the smallest URL. */
  static final Comparator<FrontierUrl> BEST_FIRST =
      Comparator.comparingDouble((FrontierUrl c) -> -relevance(c)).thenComparing(BudgetCut.ORDER);

  /** Pages a guided round fetches at most, at least: few rounds cost waits, many let scores catch up. */
  private static final int MIN_ROUND = 4;

  private final CrawlJob job;
  private final Scope scope;
  private final TrapRules trapRules;
  private final LinkScorer scorer;
  /** URLs selected in earlier rounds: fixed while a round is crawled. */
  private final Set<String> seen = new HashSet<>();
  /** Redirect hops reached in this round, seen from the next selection on. */
  private final Set<String> hops = new HashSet<>();
  /** Offered since the last selection, by URL: breadth first its first finder, guided every one. */
  private Map<String, List<Candidate>> offered = new HashMap<>();
  /** Guided: links allowed and waiting for their turn, best first. */
  private final TreeSet<FrontierUrl> pool = new TreeSet<>(BEST_FIRST);
  private long scheduled;
  private UrlCounts counts = UrlCounts.ZERO;

  JobFrontier(CrawlJob job, TrapRules trapRules) {
    this(job, trapRules, new LexicalRelevance());
  }

  /** @param scorer scores the links of a job with a crawl instruction, when they are selected */
  JobFrontier(CrawlJob job, TrapRules trapRules, LinkScorer scorer) {
    this.job = job;
    this.scope = Scope.of(job);
    this.trapRules = trapRules;
    this.scorer = scorer;
    job.seeds().forEach(seed -> offer(new FrontierUrl(job.id(), seed, 0, null)));
  }

  /** True when a crawl instruction decides which links are followed first. */
  boolean isGuided() {
    return job.crawlInstruction() != null;
  }

  /** True when a model picks, page by page, which links the instruction wants followed. */
  boolean picksLinks() {
    return job.picksLinksWithModel();
  }

  /**
   * How many pages a guided round takes at most: a sixteenth of the budget, at least {@link
   * #MIN_ROUND}, fixed per job so that the same site gives the same crawl; and never more than
   * half of the links waiting.
   */
  int roundSize() {
    return Math.max(MIN_ROUND, (job.maxPages() + 15) / 16);
  }

  CrawlJob job() {
    return job;
  }

  Scope scope() {
    return scope;
  }

  /** A link found on a page (or a seed); links already seen are dropped at once. */
  synchronized void offer(FrontierUrl link) {
    offer(Candidate.of(link));
  }

  /** A link found on a page, with what its job's instruction judges it by. */
  synchronized void offer(Candidate candidate) {
    String url = candidate.link().url();
    if (seen.contains(url) || hops.contains(url)) {
      return;
    }
    List<Candidate> finders = offered.get(url);
    if (finders == null) {
      offered.put(url, new ArrayList<>(List.of(candidate)));
    } else if (isGuided()) {
      finders.add(candidate);
    } else if (FIRST_FINDER.compare(candidate.link(), finders.get(0).link()) < 0) {
      finders.set(0, candidate);
    }
  }

  /**
   * Before the first selection: {@code urls} instead of the job's seeds (a job crawling only its
   * sitemaps' URLs).
   */
  synchronized void replaceSeeds(List<FrontierUrl> urls) {
    offered = new HashMap<>();
    urls.forEach(this::offer);
  }

  /** A URL reached without being selected (a redirect hop): never fetched again. */
  synchronized void markSeen(String url) {
    hops.add(url);
  }

  /**
   * The links of a page a model is asked about: those not selected before and that may be
   * fetched, the most relevant by the offline score first. The same page gives the same list
   * whenever in its round it is asked, as what was seen only changes between rounds.
   */
  List<Candidate> toJudge(List<Candidate> links, Predicate<String> allowedByRobots) {
    List<Candidate> judged = new ArrayList<>();
    // Outside the lock: robots.txt may be fetched, and scoring takes a while.
    for (Candidate link : notSeen(links)) {
      if (drop(link.link(), allowedByRobots) == null) {
        judged.add(link);
      }
    }
    Map<Candidate, Double> score = new HashMap<>();
    judged.forEach(link -> score.put(link, rounded(scorer.ofLink(job.crawlInstruction(), link))));
    judged.sort(
        Comparator.comparingDouble((Candidate link) -> -score.get(link))
            .thenComparing(link -> link.link().url()));
    return judged;
  }

  private synchronized List<Candidate> notSeen(List<Candidate> links) {
    List<Candidate> fresh = new ArrayList<>();
    for (Candidate link : links) {
      if (!seen.contains(link.link().url())) {
        fresh.add(link);
      }
    }
    return fresh;
  }

  /** The next depth's URLs to fetch, from everything offered since the last call. */
  synchronized List<FrontierUrl> selectNext(Predicate<String> allowedByRobots) {
    List<FrontierUrl> allowed = new ArrayList<>();
    for (List<Candidate> finders : offered.values()) {
      FrontierUrl candidate = finders.get(0).link();
      if (hops.contains(candidate.url()) || !seen.add(candidate.url())) {
        continue; // a redirect hop marked after the link was offered
      }
      UrlCounts dropped = drop(candidate, allowedByRobots);
      if (dropped != null) {
        counts = counts.plus(dropped);
      } else if (!isGuided()) {
        allowed.add(candidate);
      } else {
        // Only links that may be fetched are scored: scoring can be the costly part.
        FrontierUrl scored = best(finders);
        if (scored == null) {
          counts = counts.plus(UrlCounts.of(UrlDecision.BELOW_RELEVANCE, 1)); // no page picked it
        } else {
          allowed.add(scored);
        }
      }
    }
    seen.addAll(hops);
    hops.clear();
    offered = new HashMap<>();
    return isGuided() ? selectBest(allowed) : selectDepth(allowed);
  }

  private List<FrontierUrl> selectDepth(List<FrontierUrl> allowed) {
    BudgetCut.Result cut = BudgetCut.cut(allowed, job.maxPages() - scheduled);
    scheduled += cut.selected().size();
    counts =
        counts
            .plus(UrlCounts.of(UrlDecision.SCHEDULED, cut.selected().size()))
            .plus(UrlCounts.of(UrlDecision.OVER_BUDGET, cut.overBudget().size()));
    return cut.selected();
  }

  private List<FrontierUrl> selectBest(List<FrontierUrl> allowed) {
    double least = job.minRelevance() == null ? 0 : job.minRelevance();
    for (FrontierUrl candidate : allowed) {
      if (relevance(candidate) < least) {
        counts = counts.plus(UrlCounts.of(UrlDecision.BELOW_RELEVANCE, 1));
      } else {
        pool.add(candidate);
      }
    }
    // At most half of what waits: a round spends on weak links only once better ones had their turn.
    long room = Math.min(Math.min(roundSize(), (pool.size() + 1) / 2), job.maxPages() - scheduled);
    List<FrontierUrl> selected = new ArrayList<>();
    while (selected.size() < room && !pool.isEmpty()) {
      selected.add(pool.pollFirst());
    }
    scheduled += selected.size();
    counts = counts.plus(UrlCounts.of(UrlDecision.SCHEDULED, selected.size()));
    if (scheduled >= job.maxPages()) {
      counts = counts.plus(UrlCounts.of(UrlDecision.OVER_BUDGET, pool.size()));
      pool.clear();
    }
    return selected;
  }

  /** True while the job may schedule more URLs. */
  synchronized boolean hasBudget() {
    return scheduled < job.maxPages();
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

  /**
   * A URL as its best finder scored it (a seed 1: where the job was pointed); of equal scores, the
   * first finder. Finders whose picker left the link are passed over; null when every one did.
   */
  private FrontierUrl best(List<Candidate> finders) {
    FrontierUrl best = null;
    for (Candidate finder : finders) {
      if (!finder.mayBeFollowed()) {
        continue;
      }
      FrontierUrl link = finder.link();
      double score =
          link.parentUrl() == null ? 1.0 : rounded(scorer.ofLink(job.crawlInstruction(), finder));
      FrontierUrl scored =
          new FrontierUrl(link.jobId(), link.url(), link.depth(), link.parentUrl(), score);
      int byScore = best == null ? 1 : Double.compare(score, relevance(best));
      if (byScore > 0 || (byScore == 0 && FIRST_FINDER.compare(scored, best) < 0)) {
        best = scored;
      }
    }
    return best;
  }

  /**
   * A score to four places: a model's last digits may differ from one machine or thread count to
   * the next, and the order they decide must not.
   */
  private static double rounded(double score) {
    return Math.round(score * 10_000) / 10_000.0;
  }

  private static double relevance(FrontierUrl candidate) {
    return candidate.relevance() == null ? 0 : candidate.relevance();
  }
}
