package io.beamcrawl.util;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class RetryTest {

  private final List<Duration> waits = new ArrayList<>();
  private final Retry retry = new Retry(3, waits::add);

  @Test
  public void triesAgainAsAskedUntilAnAttemptIsDone() {
    Retry.Outcome<String> outcome =
        retry.run(n -> n < 2 ? Retry.Tried.again("busy " + n, Duration.ofMillis(n * 100)) : Retry.Tried.done("ok"));
    assertEquals("ok", outcome.value());
    assertEquals(2, outcome.attempts());
    assertFalse(outcome.gaveUp());
    assertEquals(List.of(Duration.ofMillis(100)), waits);
  }

  @Test
  public void givesUpAfterTheLastAttemptWithoutWaitingAgain() {
    Retry.Outcome<String> outcome = retry.run(n -> Retry.Tried.again("busy " + n, Duration.ofSeconds(1)));
    assertEquals("busy 3", outcome.value());
    assertEquals(3, outcome.attempts());
    assertTrue(outcome.gaveUp());
    assertEquals(2, waits.size());
  }

  @Test
  public void anInterruptedWaitStopsAndKeepsTheFlag() {
    Retry interrupted = new Retry(3, wait -> { throw new InterruptedException(); });
    Retry.Outcome<String> outcome = interrupted.run(n -> Retry.Tried.again("busy", Duration.ZERO));
    assertTrue(outcome.interrupted());
    assertEquals(1, outcome.attempts());
    assertTrue(Thread.interrupted()); // and clears it for the next test
  }
}
