package io.beamcrawl.parse;

/** How much of a page goes into its markdown. */
public enum MarkdownMode {
  /** The page's main content: no menus, footers, banners or related-article lists. */
  MAIN,
  /** The whole body, boilerplate included. */
  FULL;

  /** The mode named on the command line: {@code main} or {@code full}. */
  public static MarkdownMode parse(String name) {
    for (MarkdownMode mode : values()) {
      if (mode.name().equalsIgnoreCase(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("--markdown must be main or full, got '" + name + "'");
  }
}
