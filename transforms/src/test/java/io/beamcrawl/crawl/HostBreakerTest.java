package io.beamcrawl.crawl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.FetchResult;
import org.junit.Test;

public class HostBreakerTest {

  private static FetchResult result(String errorType) {
    return FetchResult.notFetched("http://h/", errorType, errorType == null ? null : "x");
  }

  @Test
  public void opensAfterTheLimitOfFailuresInARowOnly() {
    HostBreaker breaker = new HostBreaker(3);
    breaker.record(result("timeout"));
    breaker.record(result("connect_error"));
    breaker.record(result(null)); // an answer resets the count
    breaker.record(result("io_error"));
    breaker.record(result("timeout"));
    assertFalse(breaker.isOpen());
    breaker.record(result("timeout"));
    assertTrue(breaker.isOpen());
  }

  @Test
  public void httpErrorsAreAnswersAndZeroNeverOpens() {
    HostBreaker breaker = new HostBreaker(1);
    breaker.record(result("http_error"));
    assertFalse(breaker.isOpen());
    HostBreaker never = new HostBreaker(0);
    for (int i = 0; i < 10; i++) {
      never.record(result("timeout"));
    }
    assertFalse(never.isOpen());
  }
}
