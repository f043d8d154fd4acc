package io.beamcrawl.extract;

import io.beamcrawl.stats.Pricing;

/**
 * One job's credits on the worker that crawls it: what its priced pages cost, and what its calls
 * in flight may still cost at most. A call goes out only when both, with the most it can cost,
 * stay within the cap, so concurrent calls never take the job over it together; once priced, a
 * page's cost replaces what was held for it. Thread-safe.
 */
final class CreditLedger {

  /** Slack for the rounding of summed credits. */
  private static final double EPSILON = 1e-9;

  private final Double cap;
  private final Pricing pricing;
  private double spent;
  private double held;

  CreditLedger(Double cap, Pricing pricing) {
    this.cap = cap;
    this.pricing = pricing;
  }

  /** A page's gate: the first call it allows holds that call's most cost until {@link #settle}. */
  Page page() {
    return new Page();
  }

  /** The page was priced at {@code credits}: they count, and what it held is let go. */
  synchronized void settle(Page page, double credits) {
    held -= page.held;
    page.held = 0;
    spent += credits;
  }

  /** One page's way through the gate. */
  final class Page implements SpendGate {
    private double held;
    private boolean refused;

    @Override
    public boolean mayCall(long mostInputTokens, long mostOutputTokens) {
      double most = pricing.creditsFor(true, mostInputTokens, mostOutputTokens);
      synchronized (CreditLedger.this) {
        if (cap != null && spent + CreditLedger.this.held + most > cap + EPSILON) {
          refused = true;
          return false;
        }
        CreditLedger.this.held += most;
        held += most;
        return true;
      }
    }

    /** True when the page was not sent to the model, as it could have gone over the cap. */
    boolean refused() {
      return refused;
    }
  }
}
