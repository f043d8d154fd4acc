package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

public class UrlNormalizerTest {

  private final UrlNormalizer normalizer = new UrlNormalizer();

  @Test
  public void lowerCasesSchemeAndHostAndDropsDefaultPortAndFragment() {
    assertEquals(
        "http://example.com/a/b?x=1",
        normalizer.normalize("HTTP://Example.COM:80/a/b?x=1#section"));
  }

  @Test
  public void resolvesDotSegments() {
    assertEquals("https://example.com/c", normalizer.normalize("https://example.com/a/../b/../c"));
  }

  @Test
  public void refusesOtherSchemesAndGarbage() {
    assertNull(normalizer.normalize("ftp://example.com/file"));
    assertNull(normalizer.normalize("javascript:alert(1)"));
    assertNull(normalizer.normalize("not a url"));
    assertNull(normalizer.normalize(""));
    assertNull(normalizer.normalize(null));
  }

  @Test
  public void dropsSessionIdsSoEverySessionSeesOnePage() {
    String page = "http://example.com/shop/item?id=7";
    assertEquals(page, normalizer.normalize("http://example.com/shop/item?id=7&PHPSESSID=0f3a9c"));
    assertEquals(page, normalizer.normalize("http://example.com/shop/item?sid=88&id=7"));
    assertEquals(page, normalizer.normalize("http://example.com/shop/item;jsessionid=1A2B3C?id=7"));
    assertEquals(
        "http://example.com/shop/item?id=7&side=left",
        normalizer.normalize("http://example.com/shop/item?id=7&side=left"));
  }

  @Test
  public void dropsQueryWhenAsked() {
    assertEquals(
        "http://example.com/list", normalizer.normalize("http://example.com/list?page=2", true));
    assertEquals(
        "http://example.com/list?page=2",
        normalizer.normalize("http://example.com/list?page=2", false));
  }

  @Test
  public void aRememberingNormaliserAnswersAsOneThatWorksEachUrlOut() {
    List<String> urls =
        List.of(
            "HTTP://Example.COM:80/a/../b#top", "ftp://example.com/file", "javascript:void(0)",
            "http://example.com/cart;jsessionid=1A2B?x=1", "http://example.com/list?page=2");
    UrlNormalizer remembering = UrlNormalizer.remembering(2);
    UrlNormalizer readBack = SerializableUtils.clone(remembering);
    for (int round = 0; round < 3; round++) { // more URLs than it remembers, each asked again
      for (String url : urls) {
        assertEquals(url, normalizer.normalize(url, true), remembering.normalize(url, true));
        assertEquals(url, normalizer.normalize(url), readBack.normalize(url));
      }
    }
  }
}
