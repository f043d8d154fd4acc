package io.beamcrawl.crawl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.junit.Test;

public class SitePositionsTest {

  private static SitePositions.Claim claim(int[] sites, long[] positions) {
    return new SitePositions.Claim(sites, positions);
  }

  /**
   * A batch of two sites' pages claimed across a checkpoint: none of it is claimed, so the call
   * outputs none of it (Beam allows no output after a failed claim) and the residual starts at
   * the batch's first page.
   */
  @Test
  public void aBatchIsClaimedWholeOrNotAtAll() {
    SitePositions.Tracker tracker = new SitePositions(new long[] {0, 0}, new long[] {10, 10}).newTracker();
    assertTrue(tracker.tryClaim(claim(new int[] {0, 1, 0}, new long[] {0, 0, 1})));
    SplitResult<SitePositions> split = tracker.trySplit(0);
    assertArrayEquals(new long[] {2, 1}, split.getResidual().from);
    assertFalse(tracker.tryClaim(claim(new int[] {1, 0}, new long[] {1, 2})));
    assertArrayEquals(new long[] {2, 1}, split.getPrimary().to);
    tracker.checkDone(); // nothing of the batch was claimed: the primary is done
  }

  @Test(expected = IllegalArgumentException.class)
  public void aPositionClaimedTwiceIsAnError() {
    SitePositions.Tracker tracker = new SitePositions(new long[] {0}, new long[] {10}).newTracker();
    tracker.tryClaim(claim(new int[] {0, 0}, new long[] {3, 3}));
  }
}
