package io.beamcrawl.model;

/** What a job does with the site's sitemaps (its robots.txt's Sitemap lines and /sitemap.xml). */
public enum SitemapMode {
  /** Their URLs are candidates beside the links found, in scope and within the budget. */
  INCLUDE,
  /** Only their URLs are fetched, and no link is followed. */
  ONLY,
  /** Sitemaps are not read. */
  SKIP;

  /** The value as written in a job line or an option. */
  public String columnValue() {
    return EnumNames.of(this);
  }

  /**
   * The value a job line or option names, in any case.
   *
   * @param field how the caller names the value in an error, e.g. {@code --sitemap}
   */
  public static SitemapMode parse(String name, String field) {
    return EnumNames.parse(values(), name, field);
  }
}
