package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class UrlPartsTest {

  @Test
  public void surtKeyReversesHostDropsWwwAndLowerCases() {
    assertEquals("com,example)/a/b?q=1", UrlParts.surtKey("https://www.Example.com/A/b?Q=1"));
    assertEquals("uk,co,example,shop)/", UrlParts.surtKey("http://shop.example.co.uk"));
  }

  @Test
  public void surtKeyKeepsIpAddressesAndPorts() {
    assertEquals("127.0.0.2:8080)/x", UrlParts.surtKey("http://127.0.0.2:8080/x"));
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
