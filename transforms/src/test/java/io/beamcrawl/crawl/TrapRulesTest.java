package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class TrapRulesTest {

  private final TrapRules rules = new TrapRules(80, 5, 2, 3);

  @Test
  public void ordinaryLinksPass() {
    assertNull(rules.check("https://site.test/blog/2024/05/post?page=2&sort=new"));
    assertNull(rules.check("https://site.test/"));
    assertNull(rules.check("https://site.test/a/b/a/c"));
  }

  @Test
  public void eachRuleHasItsReason() {
    assertEquals(TrapRules.URL_TOO_LONG, rules.check("https://site.test/" + "x".repeat(80)));
    assertEquals(TrapRules.PATH_TOO_DEEP, rules.check("https://site.test/1/2/3/4/5/6"));
    assertEquals(TrapRules.REPEATED_SEGMENT, rules.check("https://site.test/a/x/a/x/a"));
    assertEquals(TrapRules.TOO_MANY_QUERY_PARAMS, rules.check("https://site.test/cal?y=2024&m=1&d=2&v=3"));
  }

  @Test
  public void anEndlessCalendarIsCutByDepthOrRepeats() {
    // /calendar/2024/01/next/next/next...: "next" repeats before the path gets too deep.
    String url = "https://site.test/calendar/2024/01";
    String reason = null;
    for (int clicks = 0; reason == null && clicks < 100; clicks++) {
      url += "/next";
      reason = rules.check(url);
    }
    assertEquals(TrapRules.REPEATED_SEGMENT, reason);
  }
}
