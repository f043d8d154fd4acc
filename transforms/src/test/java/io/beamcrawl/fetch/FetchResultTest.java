package io.beamcrawl.fetch;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class FetchResultTest {

  private static FetchResult result(int status, List<Header> response, long startedAt, long size) {
    return new FetchResult(
        "https://site.test/a", "https://site.test/a", List.of(), "GET", status,
        List.of(new Header("If-None-Match", "\"v1\"")), response, List.of(), null, null, startedAt,
        7, null, size, false, "text/html", "utf-8", null, null);
  }

  @Test
  public void a304KeepsTheEarlierResponseWithTheValidatorsItSent() {
    FetchResult earlier =
        result(200, List.of(new Header("Content-Type", "text/html"), new Header("ETag", "\"v1\""),
            new Header("Last-Modified", "Mon, 02 Nov 2026 10:00:00 GMT")), 1_000, 5_000);
    FetchResult notModified = result(304, List.of(new Header("etag", "\"v2\"")), 2_000, 0);

    FetchResult carried = earlier.revalidatedBy(notModified);
    assertEquals(200, carried.statusCode());
    assertEquals(
        List.of(new Header("Content-Type", "text/html"),
            new Header("Last-Modified", "Mon, 02 Nov 2026 10:00:00 GMT"), new Header("etag", "\"v2\"")),
        carried.responseHeaders());
    assertEquals(2_000, carried.startedAtMillis());
    assertEquals(0, carried.sizeBytes());
    assertEquals(notModified.requestHeaders(), carried.requestHeaders());
  }

  @Test
  public void theSameBodyAgainKeepsTheResponseItCameWith() {
    FetchResult earlier = result(200, List.of(new Header("ETag", "\"v1\"")), 1_000, 5_000);
    FetchResult again = result(200, List.of(new Header("ETag", "\"v1-gzip\"")), 2_000, 5_000);
    assertEquals(again.responseHeaders(), earlier.revalidatedBy(again).responseHeaders());
  }
}
