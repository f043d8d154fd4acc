package io.beamcrawl.render;

/**
 * What rendering has made of a site's pages so far, for jobs that render when a page needs it:
 * once the last {@link #WINDOW} rendered pages all came out as their responses already were, the
 * site's pages are no longer rendered; once {@link #WINDOW} pages or more were looked at and
 * nearly all of them ({@link #NEARLY_ALL}) needed rendering and it mattered, its pages are
 * rendered without a look at the response first. Shares of pages, not runs of them, decide the
 * second: pages finish in no fixed order, and on a mixed site the rendered ones finish last.
 * Both decisions are kept for the rest of the crawl. Thread-safe.
 */
public final class RenderHistory {

  /** How many pages decide. */
  static final int WINDOW = 8;
  /** The share of a site's pages that must need rendering for the site to be rendered whole. */
  static final double NEARLY_ALL = 0.9;

  /** What the history says to do with the site's next page. */
  public enum Advice {
    LOOK_FIRST,
    RENDER,
    DO_NOT_RENDER
  }

  private int looked;
  private int mattered;
  private int unchangedInARow;
  private Advice advice = Advice.LOOK_FIRST;

  public synchronized Advice advice() {
    return advice;
  }

  /** A page whose response showed no need to render it. */
  public synchronized void notRendered() {
    looked++;
  }

  /**
   * A page rendered after a look at its response.
   *
   * @param changed the browser's document had text or links the response did not
   */
  public synchronized void rendered(boolean changed) {
    looked++;
    if (changed) {
      mattered++;
      unchangedInARow = 0;
    } else {
      unchangedInARow++;
    }
    if (advice != Advice.LOOK_FIRST) {
      return;
    }
    if (unchangedInARow >= WINDOW) {
      advice = Advice.DO_NOT_RENDER;
    } else if (looked >= WINDOW && mattered >= NEARLY_ALL * looked) {
      advice = Advice.RENDER;
    }
  }
}
