package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class UrlPartsTest {

  /** Keys as Common Crawl's index (and the surt library it is made with) gives them. */
  @Test
  public void surtKeyIsCommonCrawlsUrlKey() {
    assertEquals("org,archive)/", UrlParts.surtKey("http://www.archive.org/"));
    assertEquals("org,archive)/goo?a=1&a=2&b", UrlParts.surtKey("http://archive.org/goo/?a=2&b&a=1"));
    assertEquals("org,archive)/goo", UrlParts.surtKey("http://archive.org/goo/"));
    assertEquals("com,example)/a/b?q=1", UrlParts.surtKey("https://www.Example.com/A/b?Q=1"));
    assertEquals("uk,co,example,shop)/", UrlParts.surtKey("http://shop.example.co.uk"));
    assertEquals("com,example)/", UrlParts.surtKey("https://www.example.com:443/"));
    assertEquals("com,example)/foo", UrlParts.surtKey("http://www.example.com/foo#bar"));
    assertEquals(
        "org,archive)/index.html?action=profile;u=4221",
        UrlParts.surtKey(
            "http://archive.org/index.html?PHPSESSID=0123456789abcdefghijklemopqrstuv&action=profile;u=4221"));
  }

  @Test
  public void surtKeyKeepsAPortThatIsNotTheDefault() {
    assertEquals("com,example:8080)/x", UrlParts.surtKey("http://example.com:8080/x"));
    assertEquals("2,0,0,127:8080)/x", UrlParts.surtKey("http://127.0.0.2:8080/x"));
  }

  @Test
  public void registeredDomainComesFromThePublicSuffixList() {
    assertEquals("example.co.uk", UrlParts.registeredDomain("www.shop.example.co.uk"));
    assertEquals("example.com", UrlParts.registeredDomain("blog.example.com"));
    assertEquals("127.0.0.1", UrlParts.registeredDomain("127.0.0.1"));
  }

  @Test
  public void originHasExplicitPort() {
    assertEquals("https://example.com:443", UrlParts.origin("https://Example.com/a"));
    assertEquals("http://127.0.0.3:9000", UrlParts.origin("http://127.0.0.3:9000/b"));
  }
}
