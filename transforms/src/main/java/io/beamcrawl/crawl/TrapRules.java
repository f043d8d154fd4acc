package io.beamcrawl.crawl;

import java.io.Serializable;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits on the shape of a link that keep crawler traps (endless calendars, ever-growing or
 * looping paths, query strings that grow with every click) from eating a job's budget. A link
 * that breaks one is dropped and counted under the rule's name; seeds are never checked.
 *
 * @param maxUrlLength characters in the whole URL
 * @param maxPathSegments segments in the path ({@code /a/b/c} has 3)
 * @param maxSegmentRepeats times one segment may appear in a path ({@code /a/x/a/x/a} has a 3 times)
 * @param maxQueryParams parameters in the query string
 */
public record TrapRules(
    int maxUrlLength, int maxPathSegments, int maxSegmentRepeats, int maxQueryParams)
    implements Serializable {

  public static final String URL_TOO_LONG = "url_too_long";
  public static final String PATH_TOO_DEEP = "path_too_deep";
  public static final String REPEATED_SEGMENT = "repeated_segment";
  public static final String TOO_MANY_QUERY_PARAMS = "too_many_query_params";

  /** The rule {@code url} breaks, or null when it breaks none. */
  public String check(String url) {
    if (url.length() > maxUrlLength) {
      return URL_TOO_LONG;
    }
    URI uri = URI.create(url);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    Map<String, Integer> seen = new HashMap<>();
    int segments = 0;
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      segments++;
      if (seen.merge(segment, 1, Integer::sum) > maxSegmentRepeats) {
        return REPEATED_SEGMENT;
      }
    }
    if (segments > maxPathSegments) {
      return PATH_TOO_DEEP;
    }
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty() && query.split("&").length > maxQueryParams) {
      return TOO_MANY_QUERY_PARAMS;
    }
    return null;
  }
}
