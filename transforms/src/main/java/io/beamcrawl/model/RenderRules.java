package io.beamcrawl.model;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * How a job's pages are rendered in a browser.
 *
 * @param mode which pages are rendered
 * @param waitFor what a render waits for after the page's load: a CSS selector to appear, or a
 *     number of milliseconds; null for the network to be idle
 * @param screenshot what each rendered page's screenshot shows
 */
public record RenderRules(RenderMode mode, String waitFor, ScreenshotMode screenshot)
    implements Serializable {

  public static final RenderRules NEVER = new RenderRules(RenderMode.NEVER, null, ScreenshotMode.NONE);

  private static final Pattern MILLIS = Pattern.compile("\\d{1,7}");

  public RenderRules {
    mode = mode == null ? RenderMode.NEVER : mode;
    screenshot = screenshot == null ? ScreenshotMode.NONE : screenshot;
    waitFor = waitFor == null || waitFor.isBlank() ? null : waitFor.strip();
  }

  /** True unless the job never renders. */
  public boolean renders() {
    return mode != RenderMode.NEVER;
  }

  /** The milliseconds {@code waitFor} names, or -1 when it names a selector or nothing. */
  public long waitMillis() {
    return waitFor != null && MILLIS.matcher(waitFor).matches() ? Long.parseLong(waitFor) : -1;
  }

  /** The CSS selector {@code waitFor} names, or null. */
  public String waitSelector() {
    return waitFor == null || waitMillis() >= 0 ? null : waitFor;
  }
}
