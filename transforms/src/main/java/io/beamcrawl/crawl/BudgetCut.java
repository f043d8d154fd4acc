package io.beamcrawl.crawl;

import io.beamcrawl.model.FrontierUrl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts a job's new candidates to its remaining page budget, in a fixed order (depth, then URL) so
 * that the same site and budget always give the same crawl, whichever runner and parallelism.
 */
public final class BudgetCut {

  /** Shallow pages first; among equals, the URL decides. */
  public static final Comparator<FrontierUrl> ORDER =
      Comparator.comparingInt(FrontierUrl::depth).thenComparing(FrontierUrl::url);

  /** The candidates to fetch and those left over, which are counted as over budget. */
  public record Result(List<FrontierUrl> selected, List<FrontierUrl> overBudget) {}

  private BudgetCut() {}

  public static Result cut(Iterable<FrontierUrl> candidates, long remainingBudget) {
    List<FrontierUrl> sorted = new ArrayList<>();
    candidates.forEach(sorted::add);
    sorted.sort(ORDER);
    int keep = (int) Math.max(0, Math.min(remainingBudget, sorted.size()));
    return new Result(
        List.copyOf(sorted.subList(0, keep)), List.copyOf(sorted.subList(keep, sorted.size())));
  }
}
