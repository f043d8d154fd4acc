package io.beamcrawl.model;

/** How a job with a crawl instruction decides which links to follow. */
public enum LinkSelection {
  /** The offline relevance score alone (the run's {@code --relevanceModel}): no network, no cost. */
  EMBEDDING,
  /**
   * A chat model picks, once per page, which of its new links to follow; the offline score ranks
   * the picked links, and decides alone when a call fails.
   */
  LLM;

  /** The value as written in a job line or an option. */
  public String columnValue() {
    return EnumNames.of(this);
  }

  /**
   * The value a job line or option names, in any case.
   *
   * @param field how the caller names the value in an error, e.g. {@code --linkSelection}
   */
  public static LinkSelection parse(String name, String field) {
    return EnumNames.parse(values(), name, field);
  }
}
