package io.beamcrawl.render;

/**
 * What rendering has made of a site's pages so far, for jobs that render when a page needs it:
 * once the last {@link #WINDOW} rendered pages all came out as their responses already were,
 * the site's pages are no longer rendered; once its last {@link #WINDOW} pages all needed
 * rendering and it mattered on each, its pages are rendered without a look at the response
 * first. Both are kept for the rest of the crawl. Thread-safe.
 */
public final class RenderHistory {

  /** How many pages in a row decide. */
  static final int WINDOW = 8;

  /** What the history says to do with the site's next page. */
  public enum Advice {
    LOOK_FIRST,
    RENDER,
    DO_NOT_RENDER
  }

  private int renderedUnchangedInARow;
  private int mattersInARow;
  private Advice advice = Advice.LOOK_FIRST;

  public synchronized Advice advice() {
    return advice;
  }

  /** A page whose response showed no need to render it. */
  public synchronized void notRendered() {
    mattersInARow = 0;
  }

  /**
   * A page rendered after a look at its response.
   *
   * @param mattered the browser's document had text or links the response did not
   */
  public synchronized void rendered(boolean mattered) {
    if (mattered) {
      renderedUnchangedInARow = 0;
      if (++mattersInARow >= WINDOW && advice == Advice.LOOK_FIRST) {
        advice = Advice.RENDER;
      }
    } else {
      mattersInARow = 0;
      if (++renderedUnchangedInARow >= WINDOW && advice == Advice.LOOK_FIRST) {
        advice = Advice.DO_NOT_RENDER;
      }
    }
  }
}
