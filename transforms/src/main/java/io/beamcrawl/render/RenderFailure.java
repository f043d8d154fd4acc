package io.beamcrawl.render;

/** Why a page could not be rendered: it did not settle in time, or the browser failed it. */
public final class RenderFailure extends Exception {

  private final boolean timeout;

  RenderFailure(boolean timeout, String message) {
    super(message);
    this.timeout = timeout;
  }

  /** True when the page did not settle within the render timeout. */
  public boolean isTimeout() {
    return timeout;
  }
}
