package io.beamcrawl.model;

/** What a rendered page's screenshot shows. */
public enum ScreenshotMode {
  /** No screenshot. */
  NONE,
  /** What the browser's window shows. */
  VIEWPORT,
  /** The whole page, as long as it is (up to the longest screenshot taken). */
  FULL_PAGE;

  /** The value as written in a job line or an option. */
  public String columnValue() {
    return EnumNames.of(this);
  }

  /** @param field how the caller names the value in an error, e.g. {@code --screenshot} */
  public static ScreenshotMode parse(String name, String field) {
    return EnumNames.parse(values(), name, field);
  }
}
