package io.beamcrawl.crawl;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;

/**
 * The restriction of a splittable crawl of several sites: per site (by its index in the element),
 * the positions still to claim, {@code [from, to)}. A site has a position per page its jobs'
 * budgets allow and a last one for its URL counts; its pages claim their positions in the order
 * the site hands them on, which is fixed, so positions before {@code from} are pages that were
 * handed on already.
 */
final class SitePositions implements Serializable {

  final long[] from;
  final long[] to;

  SitePositions(long[] from, long[] to) {
    this.from = from.clone();
    this.to = to.clone();
  }

  /**
   * A claim of a batch, all of it or nothing: for each {@code k}, site {@code sites[k]}'s position
   * {@code positions[k]}, its next one or, for its URL counts, its last (the positions of pages
   * its crawl did not reach are left out). All or nothing, because a call may output nothing once
   * a claim has failed: the batch claimed is output whole, or left whole for the next call.
   */
  record Claim(int[] sites, long[] positions) {}

  Tracker newTracker() {
    return new Tracker(this);
  }

  @Override
  public String toString() {
    return "SitePositions" + Arrays.toString(from) + " to " + Arrays.toString(to);
  }

  /**
   * Claims each site's positions one after another. A checkpoint ({@code trySplit(0)}) keeps what
   * was claimed as the primary and returns the rest, from the next position of every site, as the
   * residual; no other split is offered.
   */
  static final class Tracker extends RestrictionTracker<SitePositions, Claim>
      implements RestrictionTracker.HasProgress {
    private final long[] from;
    private long[] to;
    private final long[] next;

    private Tracker(SitePositions positions) {
      this.from = positions.from.clone();
      this.to = positions.to.clone();
      this.next = positions.from.clone();
    }

    @Override
    public boolean tryClaim(Claim claim) {
      long[] claimed = next.clone();
      for (int k = 0; k < claim.sites().length; k++) {
        int site = claim.sites()[k];
        long position = claim.positions()[k];
        if (position < claimed[site]) {
          throw new IllegalArgumentException(
              "site " + site + " claimed position " + position + " after " + claimed[site]);
        }
        if (position >= to[site]) {
          return false; // checkpointed: the position belongs to the residual, and so does the batch
        }
        claimed[site] = position + 1;
      }
      System.arraycopy(claimed, 0, next, 0, next.length);
      return true;
    }

    @Override
    public SitePositions currentRestriction() {
      return new SitePositions(from, to);
    }

    @Override
    public SplitResult<SitePositions> trySplit(double fractionOfRemainder) {
      if (fractionOfRemainder != 0 || Arrays.equals(next, to)) {
        return null;
      }
      SitePositions residual = new SitePositions(next, to);
      to = next.clone();
      return SplitResult.of(new SitePositions(from, to), residual);
    }

    @Override
    public void checkDone() {
      for (int site = 0; site < next.length; site++) {
        if (next[site] < to[site]) {
          throw new IllegalStateException(
              "site " + site + " has positions " + next[site] + " to " + to[site] + " unclaimed");
        }
      }
    }

    @Override
    public IsBounded isBounded() {
      return IsBounded.BOUNDED;
    }

    @Override
    public Progress getProgress() {
      long done = 0;
      long left = 0;
      for (int site = 0; site < next.length; site++) {
        done += next[site] - from[site];
        left += to[site] - next[site];
      }
      return Progress.from(done, left);
    }
  }
}
