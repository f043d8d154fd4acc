package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import java.util.List;
import org.junit.Test;

public class JobFrontierTest {

  private static final TrapRules TRAPS = new TrapRules(200, 12, 3, 8);

  private static CrawlJob job(int maxPages, List<String> exclude) {
    return new CrawlJob(
        "j", "http://h/", List.of("http://h/"), null, null, maxPages, 5, List.of(), exclude,
        false, false, false, null, null, null);
  }

  private static FrontierUrl link(String url, String parent) {
    return new FrontierUrl("j", url, 1, parent);
  }

  @Test
  public void theSmallestParentWinsInEitherOrder() {
    FrontierUrl a = link("http://h/x", "http://h/a");
    FrontierUrl b = link("http://h/x", "http://h/b");
    for (List<FrontierUrl> order : List.of(List.of(a, b), List.of(b, a))) {
      JobFrontier frontier = new JobFrontier(job(10, List.of()), TRAPS);
      frontier.selectNext(url -> true); // the seed
      order.forEach(frontier::offer);
      assertEquals(List.of(a), frontier.selectNext(url -> true));
    }
  }

  @Test
  public void seedsComeFirstThenLinksCutToTheBudgetInUrlOrder() {
    JobFrontier frontier = new JobFrontier(job(3, List.of()), TRAPS);
    assertEquals(List.of(new FrontierUrl("j", "http://h/", 0, null)), frontier.selectNext(url -> true));

    frontier.offer(link("http://h/c", "http://h/"));
    frontier.offer(link("http://h/a", "http://h/"));
    frontier.offer(link("http://h/b", "http://h/"));
    frontier.offer(link("http://h/", "http://h/b")); // the seed again
    List<FrontierUrl> next = frontier.selectNext(url -> true);

    assertEquals(List.of("http://h/a", "http://h/b"), next.stream().map(FrontierUrl::url).toList());
    UrlCounts counts = frontier.counts();
    assertEquals(4, counts.discovered());
    assertEquals(3, counts.scheduled());
    assertEquals(1, counts.overBudget());
    assertEquals(List.of(), frontier.selectNext(url -> true));
  }

  @Test
  public void eachDroppedUrlIsCountedOnceUnderItsReason() {
    JobFrontier frontier = new JobFrontier(job(100, List.of("^/private")), TRAPS);
    frontier.selectNext(url -> true);
    frontier.offer(link("http://other/", "http://h/"));
    frontier.offer(link("http://h/private/1", "http://h/"));
    frontier.offer(link("http://h/no-robots", "http://h/"));
    frontier.offer(link("http://h/no-robots", "http://h/z"));
    frontier.offer(link("http://h/a/a/a/a", "http://h/"));
    frontier.offer(link("http://h/redirected", "http://h/"));
    frontier.markSeen("http://h/redirected");

    assertEquals(List.of(), frontier.selectNext(url -> !url.endsWith("no-robots")));
    UrlCounts counts = frontier.counts();
    assertEquals(1 + 4, counts.discovered());
    assertEquals(2, counts.outOfScope());
    assertEquals(1, counts.disallowedByRobots());
    assertEquals(1, counts.trapped());
  }
}
