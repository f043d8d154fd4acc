package io.beamcrawl.extract;

/**
 * Asked by an extractor before it spends model tokens on a page: whether a call that spends at
 * most these tokens may go out. A gate that says yes holds what the call can cost at most until
 * the page is priced, so concurrent calls never take a job over its credit cap together.
 */
@FunctionalInterface
public interface SpendGate {

  /** Every call may go out. */
  SpendGate OPEN = (mostInputTokens, mostOutputTokens) -> true;

  boolean mayCall(long mostInputTokens, long mostOutputTokens);
}
