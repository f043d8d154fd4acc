package io.beamcrawl.model;

/** When a job's pages are rendered in a browser. */
public enum RenderMode {
  /** Never: the HTTP response is the page (the fastest crawl). */
  NEVER,
  /** Every HTML page. */
  ALWAYS,
  /** The pages whose HTTP response shows they need it, learned site by site. */
  AUTO;

  /** The value as written in a job line or an option. */
  public String columnValue() {
    return EnumNames.of(this);
  }

  /** @param field how the caller names the value in an error, e.g. {@code --render} */
  public static RenderMode parse(String name, String field) {
    return EnumNames.parse(values(), name, field);
  }
}
