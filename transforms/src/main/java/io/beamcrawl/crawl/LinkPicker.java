package io.beamcrawl.crawl;

import java.io.Serializable;
import java.util.List;

/**
 * Picks which of a page's links a crawl instruction wants followed: a chat model asked once per
 * page. Serialisable, to go to workers with the crawl's settings; thread-safe; never throws, a
 * failed call is a {@link LinkPicks} that says why.
 */
public interface LinkPicker extends Serializable {

  /** A link offered to the picker: what it would be judged by. */
  record Offer(String url, String anchorText) {}

  /**
   * @param offers the page's new links, the most relevant by the offline score first
   * @return the offers picked, by index, with what the call cost
   */
  LinkPicks pick(String instruction, String pageUrl, String pageTitle, List<Offer> offers);
}
