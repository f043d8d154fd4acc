package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;

import io.beamcrawl.model.FrontierUrl;
import java.util.List;
import org.junit.Test;

public class BudgetCutTest {

  private static FrontierUrl url(String path, int depth) {
    return new FrontierUrl("j", "http://h/" + path, depth, null);
  }

  @Test
  public void keepsShallowestThenSmallestUrlsUpToTheBudget() {
    List<FrontierUrl> candidates = List.of(url("c", 2), url("b", 1), url("z", 1), url("a", 2));
    BudgetCut.Result cut = BudgetCut.cut(candidates, 3);
    assertEquals(List.of(url("b", 1), url("z", 1), url("a", 2)), cut.selected());
    assertEquals(List.of(url("c", 2)), cut.overBudget());
  }

  @Test
  public void theSameCandidatesInAnyOrderGiveTheSameCut() {
    BudgetCut.Result one = BudgetCut.cut(List.of(url("x", 1), url("y", 1), url("w", 1)), 2);
    BudgetCut.Result two = BudgetCut.cut(List.of(url("y", 1), url("w", 1), url("x", 1)), 2);
    assertEquals(one, two);
  }

  @Test
  public void anExhaustedOrNegativeBudgetSelectsNothing() {
    assertEquals(0, BudgetCut.cut(List.of(url("a", 1)), 0).selected().size());
    assertEquals(1, BudgetCut.cut(List.of(url("a", 1)), -3).overBudget().size());
  }
}
