package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;

import io.beamcrawl.model.FrontierUrl;
import org.junit.Test;

/** FetchPages keeps one finder per link; it must be the one SelectFrontier would keep. */
public class FirstFinderTest {

  private static FrontierUrl foundOn(String parent) {
    return new FrontierUrl("j", "http://h/x", 2, parent);
  }

  @Test
  public void theSmallestParentWinsInEitherOrder() {
    FrontierUrl a = foundOn("http://h/a");
    FrontierUrl b = foundOn("http://h/b");
    assertEquals(a, SelectFrontier.firstFinder(a, b));
    assertEquals(a, SelectFrontier.firstFinder(b, a));
  }
}
