package io.beamcrawl.crawl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchResult;
import org.junit.Test;

public class HostBreakerTest {

  private static FetchResult result(FetchError errorType) {
    return FetchResult.notFetched("http://h/", errorType, errorType == null ? null : "x");
  }

  @Test
  public void opensAfterTheLimitOfFailuresInARowOnly() {
    HostBreaker breaker = new HostBreaker(3);
    breaker.record(result(FetchError.TIMEOUT));
    breaker.record(result(FetchError.CONNECT_ERROR));
    breaker.record(result(null)); // an answer resets the count
    breaker.record(result(FetchError.IO_ERROR));
    breaker.record(result(FetchError.TIMEOUT));
    assertFalse(breaker.isOpen());
    breaker.record(result(FetchError.TIMEOUT));
    assertTrue(breaker.isOpen());
  }

  @Test
  public void httpErrorsAreAnswersAndZeroNeverOpens() {
    HostBreaker breaker = new HostBreaker(1);
    breaker.record(result(FetchError.HTTP_ERROR));
    assertFalse(breaker.isOpen());
    HostBreaker never = new HostBreaker(0);
    for (int i = 0; i < 10; i++) {
      never.record(result(FetchError.TIMEOUT));
    }
    assertFalse(never.isOpen());
  }
}
