package io.beamcrawl.crawl;

import java.io.Serializable;
import java.util.Set;

/**
 * What a {@link LinkPicker} made of one page's links.
 *
 * @param picked the indexes of the offers to follow; empty when the call failed
 * @param offered how many of the offers, the first ones, the model was shown (the rest did not fit
 *     its input limit and are not followed from this page)
 * @param inputTokens model input tokens the call spent
 * @param outputTokens model output tokens the call spent
 * @param tokensEstimated the server reported no usage and the tokens were counted here
 * @param failure null when the model answered; otherwise why not, and the offline score chose
 */
public record LinkPicks(
    Set<Integer> picked,
    int offered,
    long inputTokens,
    long outputTokens,
    boolean tokensEstimated,
    String failure)
    implements Serializable {

  public LinkPicks {
    picked = Set.copyOf(picked);
  }

  public boolean failed() {
    return failure != null;
  }
}
